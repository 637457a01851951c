/**
 * How every list in the API is shaped: `?limit=&cursor=` in, `{ items, nextCursor }` out for
 * paginated lists, `{ items }` for lists returned whole. Shared by all resources' schemas.
 */
import { z } from "zod";

export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** A list returned whole: `{ items: [...] }`. */
export const itemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** One page of a paginated list: pass `nextCursor` as `?cursor=` for the next page; null on the last one. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe("The `cursor` of the next page; null on the last page.") });

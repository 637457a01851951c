/**
 * How every list in the API is shaped: `?limit=&cursor=` in, `{ items, nextCursor }` out for
 * paginated lists, `{ items }` for lists returned whole. Shared by all resources' schemas.
 */
import { z } from "zod";

/**
 * The largest INTEGER and BIGINT PostgreSQL stores. Numbers from paths and query strings are
 * bounded by the column they are compared with, so that an absurd one is a 404 or a 400 and
 * never reaches the database.
 */
export const MAX_INT4 = 2_147_483_647;
export const MAX_INT8 = 9_223_372_036_854_775_807n;

/** A cursor that is the last BIGINT id seen (the audit log's). */
export const bigintCursorSchema = z
  .string()
  .regex(/^\d{1,19}$/, "not a cursor from this API: pass the previous page's nextCursor")
  // Checks run on even after the regex fails: only digits reach BigInt.
  .refine((c) => !/^\d+$/.test(c) || BigInt(c) <= MAX_INT8, "not a cursor from this API: pass the previous page's nextCursor");

/**
 * An ISO 8601 date-time with `Z` or an offset, from year 1 in UTC: year 0 and earlier pass
 * the format but PostgreSQL's timestamps refuse them.
 */
export const timestampSchema = (message = "must be an ISO 8601 date-time") =>
  z.iso.datetime({ offset: true, message }).refine((v) => !(new Date(v).getUTCFullYear() < 1), "must be in year 1 or later");

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

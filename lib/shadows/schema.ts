/** The API's view of stored shadow disagreements (`…/routers/{router}/shadow-disagreements`). */
import { z } from "zod";
import { pageSchema } from "@/lib/http/lists";
import { slugSchema } from "@/lib/router/document";

export const disagreementParamsSchema = z.object({ project: slugSchema, router: slugSchema, id: z.string().regex(/^[1-9]\d{0,17}$/, "not a disagreement id") });

/** Newest first; the cursor is the last id seen. Pages are small: each item carries three bodies of up to 32 KiB. */
export const disagreementListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().regex(/^[1-9]\d{0,17}$/, "not a cursor from this API: pass the previous page's nextCursor").optional(),
  })
  .strict();

const sampledAnswerSchema = z.object({
  status: z.number().int(),
  latencyMs: z.number().describe("From the request's arrival (primary) or the shadow's sending to the end of the answer."),
  body: z.string().describe("The body as text, cut at 32 KiB."),
  truncated: z.boolean(),
});

export const fieldDifferenceSchema = z.object({
  field: z.string().describe("The compared field (fields mode), the path where the JSON first differs (json mode), `status` or `body`."),
  primary: z.unknown().optional().describe("The primary's value there (large values as JSON text cut at 2 KiB); absent when missing."),
  shadow: z.unknown().optional(),
  reason: z.string(),
});

export const disagreementSchema = z.object({
  id: z.string(),
  version: z.number().int().describe("The version the gateway served."),
  rule: z.string().describe("The rule's name, or `default`."),
  route: z.string().describe("The shadow route."),
  field: z.string().describe("The first differing field."),
  createdAt: z.iso.datetime(),
  request: z.object({
    method: z.string(),
    path: z.string().describe("After /{project}/{router}."),
    query: z.string(),
    headers: z.record(z.string(), z.string()).describe("Only the headers the router's rules and key sources read; credentials redacted."),
    body: z.string().nullable(),
    bodyTruncated: z.boolean(),
  }),
  primary: sampledAnswerSchema,
  shadow: sampledAnswerSchema,
  differences: z.array(fieldDifferenceSchema),
});

export const disagreementPageSchema = pageSchema(disagreementSchema).extend({
  keep: z.number().int().describe("How many disagreements the active version keeps (`settings.keepDisagreements`); 0: none are being stored."),
});

export type DisagreementView = z.infer<typeof disagreementSchema>;
export type DisagreementPage = z.infer<typeof disagreementPageSchema>;

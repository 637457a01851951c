/**
 * Replay's schemas: the API's request bodies and queries, the sample lines the export
 * writes and the CLI reads (NDJSON), and the report both answer with.
 */
import { z } from "zod";
import { conditionSourceSchema, routingRequestSchema, SLOT_COUNT } from "../router/document";

/** Replays decide at most this many samples (the newest in the window). */
export const MAX_REPLAY_SAMPLES = 100_000;
export const DEFAULT_REPLAY_SAMPLES = 10_000;
/** The export streams at most this many samples per call (a router keeps at most 1 000 000 by default). */
export const MAX_EXPORT_SAMPLES = 1_000_000;
/** New errors list at most this many example requests per code. */
export const MAX_ERROR_EXAMPLES = 20;

const versionRef = z.number().int().min(1).max(2_147_483_647);

function checkWindow(value: { since?: string; until?: string }, ctx: z.RefinementCtx): void {
  if (value.since !== undefined && value.until !== undefined && Date.parse(value.since) > Date.parse(value.until)) {
    ctx.addIssue({ code: "custom", path: ["until"], message: "must not be before since" });
  }
}

const timestamp = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z" });

export const replayBodySchema = z
  .object({
    from: z.union([z.literal("active"), versionRef]).default("active").describe("The version requests are replayed from: `active` or a version number."),
    to: z.union([z.literal("draft"), z.literal("active"), versionRef]).default("draft").describe("The document compared with it: `draft` (as a deploy would freeze it), `active` or a version number."),
    since: timestamp.optional().describe("Only samples recorded at or after this time."),
    until: timestamp.optional().describe("Only samples recorded at or before this time."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_REPLAY_SAMPLES, `at most ${MAX_REPLAY_SAMPLES} samples per replay`)
      .default(DEFAULT_REPLAY_SAMPLES)
      .describe("Replay the newest `limit` samples of the window."),
  })
  .strict()
  .superRefine(checkWindow);

export const samplesQuerySchema = z
  .object({
    since: timestamp.optional(),
    until: timestamp.optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_EXPORT_SAMPLES, `at most ${MAX_EXPORT_SAMPLES} samples per export`)
      .default(MAX_EXPORT_SAMPLES)
      .describe("The newest `limit` samples of the window, written oldest first."),
  })
  .strict()
  .superRefine(checkWindow);

/** `header:x-region`, `query:tier`, `payload:user.id`. */
export const fieldIdSchema = z.string().regex(/^(header|query|payload):.{1,256}$/s, "must be source:key, e.g. header:x-region");

/** What the gateway answered the sampled request. */
export const servedSchema = z
  .object({
    rule: z.string().nullable(),
    route: z.string().nullable(),
    sticky: z.boolean(),
    status: z.number().int().describe("The status the caller got (0 when it went away first)."),
    error: z.string().optional().describe("The decision's error code, when the gateway refused the request."),
  })
  .strict();

/**
 * One sample, one NDJSON line: a request in the CLI's format (`headers`, `query`, `body`)
 * holding only the recorded fields, with when it came, the version that served it, the
 * sticky key (or only its slot), the sampling rate and the fields that were recorded.
 * Lines written by hand need only the request.
 */
export const sampleLineSchema = routingRequestSchema
  .extend({
    id: z.union([z.string().max(40), z.number()]).optional().describe("The sample's id: replays seed their random draws with it."),
    time: timestamp.optional(),
    version: versionRef.optional(),
    key: z.string().max(4096).optional(),
    slot: z.number().int().min(0).max(SLOT_COUNT - 1).optional().describe("The sticky key's slot, when only the slot was kept."),
    rate: z.number().gt(0).max(1).optional().describe("The chance this request had to be sampled (recordPercent / 100); 1 when absent."),
    fields: z.array(fieldIdSchema).max(1000).optional().describe("The fields that were recorded; absent: the request is complete."),
    keys: z.literal("slot").optional().describe("Only sticky keys' slots were kept (`recordKeys: slot`): `slot` stands in for the key sources."),
    served: servedSchema.optional(),
  })
  .strict();

const countSchema = z.number().int().min(0);
const fieldCount = z.object({
  source: conditionSourceSchema,
  key: z.string(),
  samples: countSchema.describe("Samples whose result may depend on the field."),
  share: z.number().min(0).max(1),
});

export const replayReportSchema = z.object({
  total: countSchema.describe("Samples replayed."),
  changed: countSchema.describe("Samples whose route (or error) changes."),
  complete: z.boolean().describe("False when the time budget ran out: the figures cover the first `total` samples."),
  window: z.object({
    start: z.string().nullable(),
    end: z.string().nullable(),
    seconds: z.number().nullable().describe("The span of the samples' times; null when too short to project a rate."),
  }),
  matrix: z
    .array(z.object({ from: z.string(), to: z.string(), count: countSchema }))
    .describe("Where the samples went before and after: a route, or `error:<code>`."),
  rules: z.array(z.object({ rule: z.string(), before: countSchema, after: countSchema })).describe("Hits per rule (`default` for the default rule)."),
  newErrors: z.array(
    z.object({
      code: z.string(),
      status: z.number().int(),
      count: countSchema,
      examples: z.array(
        z.object({
          id: z.string().optional(),
          time: z.string().optional(),
          before: z.string().describe("Where the request went before."),
          request: routingRequestSchema,
        }),
      ),
    }),
  ),
  stickyKeys: z.object({
    by: z.enum(["key", "slot"]).describe("Keys told apart by their value, or by their slot when only slots were kept."),
    distinct: countSchema,
    changed: countSchema.describe("Distinct sticky keys whose route changes."),
  }),
  projected: z
    .array(z.object({ route: z.string(), before: z.number(), after: z.number() }))
    .describe("Requests per second, from the samples' rate divided by their sampling rate; empty without a window."),
  uncertain: z.array(fieldCount).describe("Fields the `to` document reads that were not recorded, and the share of samples whose result depends on them."),
  uncertainFrom: z.array(fieldCount).describe("The same for the `from` document."),
});

/** The API's answer: the report, what was compared, and how long it took. */
export const replayResponseSchema = replayReportSchema.extend({
  from: z.object({ version: z.number().int() }),
  to: z.object({ version: z.number().int().nullable(), draft: z.boolean(), revision: z.number().int().optional() }),
  timing: z.object({ loadMs: z.number(), decideMs: z.number() }).describe("Server time: reading the samples, and replaying them."),
});

export const sampleSummarySchema = z.object({
  stored: countSchema,
  oldest: z.string().nullable(),
  newest: z.string().nullable(),
  recorded: countSchema.describe("Samples the gateways wrote since `since`."),
  dropped: z.record(z.string(), countSchema).describe("Samples dropped since `since`, by reason."),
  since: z.string().nullable(),
});

export type ReplayBody = z.infer<typeof replayBodySchema>;
export type SamplesQuery = z.infer<typeof samplesQuerySchema>;
export type SampleLine = z.infer<typeof sampleLineSchema>;
export type ReplayReport = z.infer<typeof replayReportSchema>;
export type ReplayResponse = z.infer<typeof replayResponseSchema>;
export type SampleSummary = z.infer<typeof sampleSummarySchema>;

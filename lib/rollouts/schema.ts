/**
 * Progressive rollouts: the request bodies (`.strict()`, for the API and the console's
 * wizard) and the response shapes. Percentages are percent (1 = 1 %), times are seconds.
 */
import { z } from "zod";
import { listQuerySchema, pageSchema } from "@/lib/http/lists";
import { slugSchema, weightSchema } from "@/lib/router/document";
import { routerParamsSchema } from "@/lib/routers/schema";

/** What a new rollout starts with when the body leaves a setting out; the console shows these. */
export const ROLLOUT_DEFAULTS = {
  steps: [1, 5, 25, 50, 100],
  bakeSeconds: 300,
  intervalSeconds: 60,
  minRequests: 100,
  maxErrorRate: 1,
  maxErrorRateIncrease: 0.5,
  maxP95Ratio: 1.5,
  p95ToleranceMs: 10,
  failureLimit: 3,
  passesToAdvance: 2,
  shadowPercent: 10,
  shadowDurationSeconds: 600,
  minShadowAgreement: 99,
} as const;

export const MAX_STEPS = 20;
/** A week: a longer bake is a manual pause. */
const MAX_BAKE_SECONDS = 7 * 24 * 3600;

const percent = (what: string) =>
  z
    .number()
    .min(0, `${what} is between 0 and 100`)
    .max(100, `${what} is between 0 and 100`)
    .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, "at most two decimals");

export const rolloutStepSchema = z
  .object({
    weight: weightSchema.refine((w) => w > 0, "a step gives the canary more than 0 %").describe("The canary's share of the rule's traffic at this step, in percent."),
    bakeSeconds: z.number().int().min(0).max(MAX_BAKE_SECONDS).default(ROLLOUT_DEFAULTS.bakeSeconds).describe("How long the step runs at least before it may pass."),
    pause: z.boolean().default(false).describe("Once the step has passed, wait for someone to resume (approve) before the next one."),
  })
  .strict();

export const shadowPhaseSchema = z
  .object({
    percent: percent("the shadowed share")
      .refine((p) => p > 0, "mirror more than 0 %")
      .default(ROLLOUT_DEFAULTS.shadowPercent)
      .describe("Share of the rule's traffic mirrored to the canary (the caller never sees its answers)."),
    durationSeconds: z.number().int().min(0).max(MAX_BAKE_SECONDS).default(ROLLOUT_DEFAULTS.shadowDurationSeconds).describe("How long the shadow phase runs at least."),
    minAgreement: percent("the agreement")
      .default(ROLLOUT_DEFAULTS.minShadowAgreement)
      .describe("Lowest share of compared shadow answers agreeing with the primary's, as the rule's shadow entry for the canary compares them (exact when it has none; a failed shadow counts as disagreeing), in percent."),
  })
  .strict();

export const gatesSchema = z
  .object({
    intervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(ROLLOUT_DEFAULTS.intervalSeconds)
      .describe("Gates are evaluated this often, each time over the traffic of the last interval."),
    minRequests: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .default(ROLLOUT_DEFAULTS.minRequests)
      .describe("Fewer requests (or shadow comparisons) than this in an interval make the evaluation inconclusive: the step holds, it never passes on too little data."),
    maxErrorRate: percent("the error rate")
      .nullable()
      .default(ROLLOUT_DEFAULTS.maxErrorRate)
      .describe("Highest share of the canary's answers that may be errors (5xx, timeouts included), in percent; null: not checked."),
    maxErrorRateIncrease: percent("the increase")
      .nullable()
      .default(ROLLOUT_DEFAULTS.maxErrorRateIncrease)
      .describe("Highest increase of the canary's error rate over the baseline's, in percentage points; null: not checked."),
    maxP95Ratio: z
      .number()
      .min(1, "a ratio below 1 would fail a canary as fast as the baseline")
      .max(100)
      .nullable()
      .default(ROLLOUT_DEFAULTS.maxP95Ratio)
      .describe("Highest ratio of the canary's p95 latency to the baseline's; null: not checked."),
    p95ToleranceMs: z
      .number()
      .min(0)
      .max(60_000)
      .default(ROLLOUT_DEFAULTS.p95ToleranceMs)
      .describe("A p95 at most this many milliseconds above the baseline's never fails the latency gate, whatever the ratio."),
    failureLimit: z.number().int().min(1).max(100).default(ROLLOUT_DEFAULTS.failureLimit).describe("Failed evaluations in a row that abort the rollout."),
    passesToAdvance: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(ROLLOUT_DEFAULTS.passesToAdvance)
      .describe("Passed evaluations in a row a step needs (besides its bake time) before the next step."),
  })
  .strict();

export const rolloutCreateSchema = z
  .object({
    rule: slugSchema.describe("The rule whose split is rolled out; `default` for the default rule."),
    baseline: slugSchema.describe("The route the canary takes its weight from."),
    canary: slugSchema.describe("The route rolled out: a route of the active version."),
    steps: z
      .array(rolloutStepSchema)
      .min(1, "a rollout has at least one step")
      .max(MAX_STEPS, `at most ${MAX_STEPS} steps`)
      .default(() => ROLLOUT_DEFAULTS.steps.map((weight) => ({ weight, bakeSeconds: ROLLOUT_DEFAULTS.bakeSeconds, pause: false })))
      .describe("The canary's weights, in increasing order; other routes of the rule keep theirs."),
    shadow: shadowPhaseSchema.nullable().default(null).describe("A shadow phase before any live traffic; null: none."),
    gates: gatesSchema.default(() => gatesSchema.parse({})),
    description: z.string().trim().max(500).optional().describe("Why this rollout; shown on its page."),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.baseline === body.canary) ctx.addIssue({ code: "custom", path: ["canary"], message: "the canary must be another route than the baseline" });
    body.steps.forEach((step, i) => {
      const previous = body.steps[i - 1];
      if (previous && Math.round(step.weight * 100) <= Math.round(previous.weight * 100)) {
        ctx.addIssue({ code: "custom", path: ["steps", i, "weight"], message: `each step gives the canary more than the one before (step ${i} gives ${previous.weight} %)` });
      }
    });
  });

export type RolloutCreate = z.infer<typeof rolloutCreateSchema>;
export type RolloutStep = z.infer<typeof rolloutStepSchema>;
export type ShadowPhase = z.infer<typeof shadowPhaseSchema>;
export type Gates = z.infer<typeof gatesSchema>;
/** What a rollout is: everything but its description. */
export type RolloutSpec = Omit<RolloutCreate, "description">;

export const rolloutParamsSchema = routerParamsSchema.extend({ rollout: z.coerce.number().int().min(1).max(2_147_483_647) });

export const ROLLOUT_STATUSES = ["running", "paused", "completed", "aborted"] as const;
export const rolloutStatusSchema = z.enum(ROLLOUT_STATUSES);
export type RolloutStatus = z.infer<typeof rolloutStatusSchema>;

export const rolloutListQuerySchema = listQuerySchema.extend({
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, "not a cursor from this API: pass the previous page's nextCursor").optional(),
  status: z.enum([...ROLLOUT_STATUSES, "active"]).optional().describe("Only rollouts in this state; `active`: running or paused."),
});

// Responses.

const routeSampleSchema = z.object({
  requests: z.number().min(0),
  errors: z.number().min(0),
  errorRate: z.number().nullable().describe("Errors per request, in percent; null without requests."),
  p95Ms: z.number().nullable().describe("95th percentile latency in milliseconds; null without requests."),
});

export const gateResultSchema = z.object({
  gate: z.enum(["requests", "errorRate", "errorRateIncrease", "p95Ratio", "shadowAgreement"]),
  verdict: z.enum(["pass", "fail", "inconclusive", "skipped"]),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  detail: z.string(),
});

export const evaluationSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  stage: z.number().int().min(0),
  verdict: z.enum(["pass", "fail", "inconclusive"]),
  reason: z.string(),
  gates: z.array(gateResultSchema),
  baseline: routeSampleSchema.nullable(),
  canary: routeSampleSchema.nullable(),
  shadow: z.object({ compared: z.number().min(0), agreeing: z.number().min(0), agreement: z.number().nullable() }).nullable(),
});

export const stageSchema = z.object({
  index: z.number().int().min(0),
  kind: z.enum(["shadow", "step"]),
  label: z.string().describe("`shadow phase`, or `step 2 of 5`."),
  weight: z.number().describe("The canary's live weight in this stage, in percent."),
  shadowPercent: z.number().nullable(),
  minSeconds: z.number().int().describe("Bake time (steps) or duration (shadow phase)."),
  pause: z.boolean(),
  state: z.enum(["done", "current", "pending", "skipped", "aborted"]),
  version: z.number().int().nullable().describe("The version deployed for this stage."),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
});

export const rolloutEventSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.string(),
  stage: z.number().int().nullable(),
  version: z.number().int().nullable(),
  actor: z.string(),
  detail: z.string(),
});

export const rolloutSummarySchema = z.object({
  id: z.number().int().min(1).describe("The rollout's number within its router."),
  router: slugSchema,
  rule: z.string(),
  baseline: slugSchema,
  canary: slugSchema,
  status: rolloutStatusSchema,
  pause: z.enum(["manual", "approval"]).nullable().describe("Why a paused rollout waits: someone paused it, or a step waits for approval."),
  stage: z.number().int().min(0),
  stageLabel: z.string(),
  stages: z.number().int().min(1),
  weight: z.number().describe("The canary's current live weight, in percent."),
  startVersion: z.number().int(),
  currentVersion: z.number().int().nullable().describe("The version the rollout deployed last."),
  reason: z.string().nullable().describe("Why it was aborted, or how it completed."),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
});

export const rolloutDetailSchema = rolloutSummarySchema.extend({
  spec: z.object({
    steps: z.array(rolloutStepSchema),
    shadow: shadowPhaseSchema.nullable(),
    gates: gatesSchema,
  }),
  stageStartedAt: z.iso.datetime({ offset: true }),
  nextEvaluationAt: z.iso.datetime({ offset: true }).nullable(),
  failures: z.number().int().min(0).describe("Failed evaluations in a row."),
  passes: z.number().int().min(0).describe("Passed evaluations in a row in this stage."),
  timeline: z.array(stageSchema),
  events: z.array(rolloutEventSchema),
  evaluations: z.array(evaluationSchema).describe("The newest evaluations (at most 500), oldest first."),
});

export const rolloutPageSchema = pageSchema(rolloutSummarySchema);

export type RolloutSummary = z.infer<typeof rolloutSummarySchema>;
export type RolloutDetail = z.infer<typeof rolloutDetailSchema>;
export type EvaluationView = z.infer<typeof evaluationSchema>;

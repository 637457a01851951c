import { z } from "zod";
import { convergenceSchema } from "@/lib/fleet/schema";
import { itemsSchema, listQuerySchema, MAX_INT4, pageSchema } from "@/lib/http/lists";
import { COMPARE_OUTCOMES, type CompareOutcome } from "@/lib/shadows/compare";
import { COMPARE_MODES, compareSpecProblems } from "@/lib/shadows/spec";
import {
  type Shadow,
  type SplitEntry,
  audienceSchema,
  conditionOperatorSchema,
  conditionSchema,
  conditionSourceSchema,
  decisionSchema,
  defaultRuleSchema,
  findingSchema,
  routeSchema,
  routerDocumentSchema,
  storedRouterDocumentSchema,
  routingRequestSchema,
  ruleSchema,
  settingsSchema,
  shadowSchema,
  slugSchema,
  splitEntrySchema,
  strategySchema,
  weightSchema,
} from "@/lib/router/document";
import { UNDEPLOY_MODES } from "@/lib/routers/undeploy";

export const routerParamsSchema = z.object({ project: slugSchema, router: slugSchema });
export const routeParamsSchema = routerParamsSchema.extend({ route: slugSchema });
export const ruleParamsSchema = routerParamsSchema.extend({ rule: slugSchema });
/** A version number as a path or query parameter: versions are numbered from 1 (an INTEGER column). */
const versionNumberSchema = z.coerce.number().int().min(1).max(MAX_INT4, `versions are numbered up to ${MAX_INT4}`);
export const versionParamsSchema = routerParamsSchema.extend({ n: versionNumberSchema });

/** Versions are listed newest first; the cursor is the last version number seen. */
export const versionListQuerySchema = listQuerySchema.extend({
  cursor: z.string().regex(/^\d{1,9}$/, "not a cursor from this API: pass the previous page's nextCursor").optional(),
});

/** 100 % in hundredths: weights are compared exactly, at 0.01 % resolution. */
const FULL_SPLIT = 10_000;

/**
 * The sum of a split's weights in hundredths of a percent, counted as the analysis'
 * `weights_sum` check counts it (each weight rounded to 0.01 first).
 */
export function splitTotal(split: readonly Pick<SplitEntry, "weight">[]): number {
  return split.reduce((sum, entry) => sum + Math.round(entry.weight * 100), 0);
}

/** Why a split's weights are refused, or null when they add up to exactly 100. */
export function splitSumProblem(split: readonly Pick<SplitEntry, "weight">[]): string | null {
  const total = splitTotal(split);
  return total === FULL_SPLIT ? null : `the weights must add up to exactly 100 (they add up to ${total / 100})`;
}

type FieldIssue = { path: (string | number)[]; message: string };

/** The second and later uses of a name in `names`, each pointing at the first. */
function repeats(names: readonly string[], at: (string | number)[], what: (name: string, first: string) => string): FieldIssue[] {
  const first = new Map<string, number>();
  const out: FieldIssue[] = [];
  names.forEach((name, i) => {
    const seen = first.get(name);
    if (seen === undefined) first.set(name, i);
    else out.push({ path: [...at, i], message: what(name, [...at, seen].join(".")) });
  });
  return out;
}

/**
 * A split or shadow list that names a route twice: the draft stores one entry per route and
 * rule, so such a body is refused (422 at the repeated entry) rather than merged silently.
 */
export function repeatedRoutes(body: { split: readonly { route: string }[]; shadows?: readonly { route: string }[] }, at: (string | number)[] = []): FieldIssue[] {
  return [
    ...repeats(body.split.map((s) => s.route), [...at, "split"], (name, first) => `route '${name}' is already in this split at ${first}: merge the two entries`).map((i) => ({ ...i, path: [...i.path, "route"] })),
    ...repeats((body.shadows ?? []).map((s) => s.route), [...at, "shadows"], (name, first) => `route '${name}' is already shadowed at ${first}: keep one entry`).map((i) => ({ ...i, path: [...i.path, "route"] })),
  ];
}

/** Routes, rules and audiences of one document need distinct names (the draft's rows are unique by name). */
export function repeatedNames(doc: { routes?: readonly { name: string }[]; rules?: readonly { name: string }[]; audiences?: readonly { name: string }[] }): FieldIssue[] {
  const clash = (kind: string) => (name: string, first: string) => `${kind} name '${name}' is already used at ${first}: names must be unique`;
  return (["routes", "rules", "audiences"] as const).flatMap((list) =>
    repeats((doc[list] ?? []).map((x) => x.name), [list], clash(list.slice(0, -1))).map((i) => ({ ...i, path: [...i.path, "name"] })),
  );
}

function checkSplit(body: { split: readonly SplitEntry[]; shadows?: readonly { route: string }[] }, ctx: z.RefinementCtx, at: (string | number)[]): void {
  const problem = splitSumProblem(body.split);
  if (problem) ctx.addIssue({ code: "custom", path: [...at, "split"], message: problem });
  for (const issue of repeatedRoutes(body, at)) ctx.addIssue({ code: "custom", ...issue });
}

/** Comparison specs the analysis would report (`invalid_compare`), refused at their own path. */
function checkShadows(body: { shadows: readonly Shadow[] }, ctx: z.RefinementCtx, at: (string | number)[]): void {
  body.shadows.forEach((shadow, i) => {
    if (!shadow.compare) return;
    for (const problem of compareSpecProblems(shadow.compare)) ctx.addIssue({ code: "custom", path: [...at, "shadows", i, "compare", ...problem.path], message: problem.message });
  });
}

function checkBody(body: { split: readonly SplitEntry[]; shadows: readonly Shadow[] }, ctx: z.RefinementCtx, at: (string | number)[]): void {
  checkSplit(body, ctx, at);
  checkShadows(body, ctx, at);
}

/**
 * Writes refuse splits whose weights do not add up to 100 (422 naming `split`,
 * `rules.2.split` or `defaultRule.split`) and shadow comparisons the analysis would report
 * (`rules.2.shadows.0.compare.fields.1.tolerance`). The document schema itself stays
 * structural, so a stored draft or a CLI file with such a split is still read and reported
 * by the analysis.
 */
export const routerConfigSchema = routerDocumentSchema.superRefine((doc, ctx) => {
  for (const issue of repeatedNames(doc)) ctx.addIssue({ code: "custom", ...issue });
  doc.rules.forEach((rule, i) => checkBody(rule, ctx, ["rules", i]));
  if (doc.defaultRule) checkBody(doc.defaultRule, ctx, ["defaultRule"]);
});

/** A new router: a whole document; without a default rule, all traffic goes to the first route. */
export const routerCreateSchema = routerConfigSchema;

/**
 * The settings a PATCH changes: each field optional and without its default, so that a
 * field left out keeps its value (zod's `partial()` would fill the defaults back in).
 */
const settingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(settingsSchema.shape).map(([name, field]) => [name, (field instanceof z.ZodDefault ? field.removeDefault() : field).optional()]),
    ) as unknown as { [K in keyof typeof settingsSchema.shape]: z.ZodOptional<z.ZodType<Exclude<z.output<(typeof settingsSchema.shape)[K]>, undefined>>> },
  )
  .strict();

export const routerUpdateSchema = z
  .object({
    description: z.string().max(1000).optional(),
    settings: settingsPatchSchema.optional(),
  })
  .strict();

export const routeCreateSchema = routeSchema;
export const routeUpdateSchema = routeSchema.omit({ name: true }).partial().strict();

/** `/rules/order` is the reorder endpoint, so a rule of that name could not be addressed by URL. */
export const RESERVED_RULE_NAMES: readonly string[] = ["order"];

function checkRuleName(rule: { name: string }, ctx: z.RefinementCtx): void {
  if (RESERVED_RULE_NAMES.includes(rule.name)) {
    ctx.addIssue({ code: "custom", path: ["name"], message: `"${rule.name}" is reserved (…/rules/${rule.name} is the reorder endpoint): choose another name` });
  }
}

export const ruleCreateSchema = ruleSchema
  .extend({ position: z.number().int().min(0).optional() })
  .strict()
  .superRefine((rule, ctx) => {
    checkRuleName(rule, ctx);
    checkBody(rule, ctx, []);
  });
export const ruleUpdateSchema = ruleSchema.superRefine((rule, ctx) => {
  checkRuleName(rule, ctx);
  checkBody(rule, ctx, []);
});
export const defaultRuleUpdateSchema = defaultRuleSchema.superRefine((rule, ctx) => checkBody(rule, ctx, []));
export const ruleOrderSchema = z.object({ order: z.array(slugSchema).max(5000) }).strict();

export const undeploySchema = z
  .object({
    mode: z.enum(UNDEPLOY_MODES),
    replacement: slugSchema.optional(),
    // Same resolution as a split, so a dry run refuses what the real undeploy would.
    weights: z.record(z.string(), z.record(z.string(), weightSchema)).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();

export const MAX_SIMULATED_REQUESTS = 10_000;
/**
 * `{ request }` (one decision with its trace) or `{ requests: [...] }` (a batch with a
 * summary), against the draft or the active version. One object rather than a union, so
 * that an invalid field is reported at its own path (`requests.3.headers`).
 */
export const simulateSchema = z
  .object({
    request: routingRequestSchema.optional(),
    requests: z.array(routingRequestSchema).min(1).max(MAX_SIMULATED_REQUESTS).optional(),
    version: z.enum(["draft", "active"]).default("draft"),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.request === undefined) === (body.requests === undefined)) {
      const neither = body.request === undefined;
      ctx.addIssue({
        code: "custom",
        path: [neither ? "request" : "requests"],
        message: neither ? "send `request` (one request) or `requests` (a batch)" : "send `request` or `requests`, not both",
      });
    }
  })
  .describe("Send either `request` (one request, answered with its decision and trace) or `requests` (up to 10 000, answered with each decision and a per-route summary).");

export const deploySchema = z
  .object({
    message: z.string().trim().min(1, "describe the change").max(500),
    abortRollout: z.boolean().default(false).describe("Abort the router's rollout in progress (if any) and deploy anyway; without it, a deploy during a rollout is refused with 409."),
  })
  .strict();
export const rollbackSchema = z
  .object({
    message: z.string().trim().max(500).optional(),
    abortRollout: z.boolean().default(false).describe("Abort the router's rollout in progress (if any) and deploy anyway; without it, a deploy during a rollout is refused with 409."),
  })
  .strict();
export const diffQuerySchema = z.object({ against: versionNumberSchema }).strict();

export const audienceParamsSchema = z.object({ project: slugSchema, audience: slugSchema });
export const audienceCreateSchema = z
  .object({ name: slugSchema, description: z.string().max(1000).optional(), conditions: z.array(conditionSchema).min(1, "an audience needs at least one condition").max(100) })
  .strict();
export const audienceUpdateSchema = audienceCreateSchema.omit({ name: true }).partial().strict();

// Responses. The JSON the handlers send: dates are ISO 8601 strings; what a request may omit
// (defaults) is always present in a response.

/** A router as listed and read (`GET …/routers/{router}`): the draft's summary. */
export const routerSummarySchema = z.object({
  name: slugSchema,
  description: z.string(),
  revision: z.number().int(),
  activeVersion: z.number().int().nullable().describe("The version the gateway serves; null before the first deploy."),
  versions: z.number().int().describe("How many versions were deployed (rollbacks included); deleting the router deletes them."),
  undeployedChanges: z.boolean().describe("The draft differs from what the gateway serves (or nothing is deployed yet)."),
  findings: z.object({ errors: z.number().int(), warnings: z.number().int() }),
  routes: z.number().int(),
  rules: z.number().int(),
  settings: settingsSchema,
  updatedAt: z.iso.datetime(),
});
export const routerPageSchema = pageSchema(routerSummarySchema);

export const analysisResponseSchema = z.object({
  revision: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  findings: z.array(findingSchema),
});

export const routeListSchema = itemsSchema(routeSchema);
/** A route with the rules that send it traffic or shadows (`default` for the default rule). */
export const routeDetailSchema = routeSchema.extend({ usedBy: z.array(z.string()) });

export const ruleListSchema = z.object({ items: z.array(ruleSchema), defaultRule: defaultRuleSchema.nullable() });
/** A rule with its position in the priority order (0 = first). */
export const ruleDetailSchema = ruleSchema.extend({ position: z.number().int().min(0) });

export const undeployResponseSchema = z.object({
  dryRun: z.boolean(),
  route: slugSchema,
  rules: z.array(
    z.object({
      rule: z.string().describe("The rule's name, or `default`."),
      strategy: strategySchema,
      before: z.array(splitEntrySchema),
      after: z.array(splitEntrySchema),
      shadowsBefore: z.array(shadowSchema),
      shadowsAfter: z.array(shadowSchema),
      replaced: z.boolean().describe("The route was the rule's only route, so `replacement` took its traffic."),
      stickyMoved: z.number().min(0).max(1).describe("Share (0–1) of the rule's sticky keys that change route; 0 for random rules."),
    }),
  ),
  revision: z.number().int().optional().describe("The draft's new revision; absent on a dry run."),
});

const conditionTraceSchema = z.object({
  source: conditionSourceSchema,
  key: z.string(),
  operator: conditionOperatorSchema,
  values: z.array(z.union([z.string(), z.number()])),
  audience: z.string().optional().describe("Set when the condition comes from the rule's audience."),
  path: z.string(),
  value: z.string().optional().describe("The field's text as the operator saw it; absent when missing."),
  present: z.boolean(),
  passed: z.boolean(),
  errors: z.array(z.string()).optional(),
});

/** How the engine decided one request (lib/engine `Trace`). */
export const traceSchema = z.object({
  rules: z.array(
    z.object({
      rule: z.string().describe("The rule's name, or `default`."),
      audience: z.string().nullable(),
      audienceMissing: z.boolean(),
      conditions: z.array(conditionTraceSchema),
      matched: z.boolean(),
      chosen: z.boolean(),
    }),
  ),
  sticky: z.object({ source: conditionSourceSchema, key: z.string(), value: z.string(), slot: z.number().int() }).optional(),
  pinned: z.string().optional(),
  decision: decisionSchema,
});

const countSchema = z.number().int().min(0);
export const distributionSchema = z.object({
  total: countSchema,
  routes: z.array(z.object({ route: z.string(), count: countSchema, share: z.number().min(0).max(1) })),
  rules: z.array(z.object({ rule: z.string(), count: countSchema })),
  shadows: z.array(z.object({ route: z.string(), count: countSchema })),
  errors: z.array(z.object({ code: z.string(), count: countSchema })),
});

export const simulateResponseSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("single"), decision: decisionSchema, trace: traceSchema }),
  z.object({ mode: z.literal("batch"), decisions: z.array(decisionSchema), distribution: distributionSchema }),
]);

const quantilesSchema = z.object({ p50: z.number(), p95: z.number() }).describe("Seconds, from the gateway's histogram buckets.");

/** What the fleet routed for a router against the active version's weights (lib/gateway/traffic.ts `TrafficView`). */
const trafficCommon = {
  source: z.enum(["heartbeats", "prometheus"]).describe("Where the figures come from: the gateways' heartbeats, or Prometheus (TURNOUT_PROMETHEUS_URL)."),
  window: z.enum(["1m", "5m", "15m", "1h"]).nullable().describe("The window counted over; null: since the gateways started."),
};
export const trafficResponseSchema = z.discriminatedUnion("reachable", [
  z.object({ reachable: z.literal(false), ...trafficCommon, error: z.string() }),
  z.object({
    reachable: z.literal(true),
    ...trafficCommon,
    gateways: z.number().int().min(0).describe("Gateways whose traffic is summed."),
    routed: z.number(),
    refused: z.record(z.string(), z.number()).describe("Requests the gateway answered itself, by status."),
    rules: z.array(
      z.object({
        rule: z.string(),
        routed: z.number(),
        routes: z.array(
          z.object({
            route: z.string(),
            configured: z.number().describe("Weight, in percent."),
            requests: z.number(),
            actual: z.number().describe("Share of the rule's requests, in percent."),
            errors: z.number().describe("5xx answers, the gateway's 502 and 504 (timeouts) included."),
            p95Seconds: z.number().nullable().describe("95th percentile latency, from the histogram's buckets; null without requests."),
          }),
        ),
      }),
    ),
    shadows: z.array(
      z.object({
        route: z.string(),
        sent: z.number(),
        dropped: z.number(),
        agreeing: z.number(),
        disagreeing: z.number(),
        failed: z.number(),
        incomparable: z.number(),
        agreement: z.number().nullable().describe("agreeing / (agreeing + disagreeing); null before any comparison."),
      }),
    ),
    comparisons: z
      .array(
        z.object({
          rule: z.string().describe("The rule's name, or `default`."),
          route: z.string().describe("The shadow route."),
          percent: z.number().nullable().describe("The configured share mirrored, in percent; null when the served version no longer has this shadow."),
          mode: z.enum(COMPARE_MODES).nullable(),
          outcomes: z.object(Object.fromEntries(COMPARE_OUTCOMES.map((o) => [o, z.number()])) as Record<CompareOutcome, z.ZodNumber>),
          compared: z.number(),
          agreement: z.number().nullable().describe("agree / (agree + disagree); null before any."),
          byField: z.array(z.object({ field: z.string(), count: z.number() })).describe("Disagreements by their first differing field, most frequent first."),
          latency: z.object({
            primary: quantilesSchema.nullable(),
            shadow: quantilesSchema.nullable(),
            delta: quantilesSchema.nullable().describe("Shadow minus primary on the same request."),
          }),
        }),
      )
      .describe("Per rule and shadow route, how the shadow's answers compared with the primary's (the shadow entry's `compare`)."),
  }),
]);

export const deploymentResponseSchema = z.object({
  version: z.number().int().min(1),
  convergence: convergenceSchema.optional().describe("With `?wait=true`: which live gateways serve the new version, and how long they took."),
});
export const rollbackResponseSchema = z.object({ version: z.number().int().min(1).describe("The new version."), from: z.number().int().min(1).describe("The version deployed again.") });

export const versionSummarySchema = z.object({
  number: z.number().int().min(1),
  message: z.string(),
  author: z.string(),
  createdAt: z.iso.datetime(),
  active: z.boolean(),
});
export const versionPageSchema = pageSchema(versionSummarySchema);
// A version frozen before the caps on condition values is answered as it was stored.
export const versionResponseSchema = versionSummarySchema.extend({ document: storedRouterDocumentSchema });

const listDiffSchema = <T extends z.ZodType>(item: T) =>
  z.object({ added: z.array(item), removed: z.array(item), changed: z.array(z.object({ name: z.string(), from: item, to: item })) });

/** A structured diff of two router documents (lib/versions/diff.ts `DocumentDiff`). */
export const documentDiffSchema = z.object({
  settings: z.array(z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })),
  description: z.object({ from: z.string().optional(), to: z.string().optional() }).nullable(),
  routes: listDiffSchema(routeSchema),
  audiences: listDiffSchema(audienceSchema),
  rules: listDiffSchema(ruleSchema).extend({ moved: z.array(z.object({ name: z.string(), from: z.number().int(), to: z.number().int() })) }),
  defaultRule: z.object({ from: defaultRuleSchema.optional(), to: defaultRuleSchema.optional() }).nullable(),
  identical: z.boolean().describe("Nothing a request could notice differs (slot tables aside)."),
});
export const versionDiffSchema = z.object({ from: z.number().int(), to: z.number().int(), diff: documentDiffSchema });

/** Discard the draft's changes: reset it to a version (the active one by default). */
export const draftResetSchema = z
  .object({
    version: z.number().int().min(1).optional().describe("The version to reset the draft to; the active version when absent."),
    dryRun: z.boolean().default(false).describe("Answer what would change, writing nothing."),
  })
  .strict();
export const draftResetResponseSchema = z.object({
  version: z.number().int().describe("The version the draft was (or would be) reset to."),
  applied: z.boolean().describe("False for a dry run, or when the draft already equals the version (nothing written)."),
  diff: documentDiffSchema.describe("From the draft before the reset to the draft after it."),
  document: storedRouterDocumentSchema.describe("The draft after the reset (for a dry run: what it would be)."),
});

/** An audience with its revision and the rules that use it. */
export const audienceResponseSchema = audienceSchema.extend({
  revision: z.number().int(),
  usedBy: z.array(z.object({ router: z.string(), rule: z.string() })),
});
export const audiencePageSchema = pageSchema(audienceResponseSchema);

export type RouterCreate = z.infer<typeof routerCreateSchema>;
export type RouterUpdate = z.infer<typeof routerUpdateSchema>;
export type UndeployBody = z.infer<typeof undeploySchema>;
export type DraftResetResponse = z.infer<typeof draftResetResponseSchema>;
export type SimulateBody = z.infer<typeof simulateSchema>;
export type AudienceCreate = z.infer<typeof audienceCreateSchema>;

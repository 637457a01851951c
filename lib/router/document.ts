import { z } from "zod";
import "@/lib/validation/messages";
import { compareSpecSchema } from "../shadows/spec";
import { patternProblem, textValueProblem } from "./value-caps";

export { MAX_NESTED_REPEAT, MAX_PATTERN_LENGTH, MAX_REPEAT_COUNT, MAX_TEXT_VALUE_LENGTH } from "./value-caps";

/**
 * The router document: one JSON value that describes a router completely. It is what the
 * config API exchanges, what a version freezes, what the CLI reads and what the gateway
 * loads. This schema is structural only: semantic problems (weights not summing to 100,
 * unknown routes, overlaps, …) are reported by the analysis so that a draft with errors
 * can still be stored, shown and fixed.
 */

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLOT_COUNT = 10_000;

export const slugSchema = z
  .string()
  .regex(
    SLUG_PATTERN,
    "must be a slug: lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters",
  );

export const conditionSourceSchema = z.enum(["header", "payload", "query"]);
export const conditionOperatorSchema = z.enum([
  "in",
  "prefix",
  "suffix",
  "contains",
  "regex",
  "present",
  "range",
]);

const conditionObject = z
  .object({
    source: conditionSourceSchema,
    key: z.string().min(1, "must not be empty").max(256),
    operator: conditionOperatorSchema,
    values: z.array(z.union([z.string().max(1024), z.number()])).max(1000),
  })
  .strict();

type ConditionShape = z.infer<typeof conditionObject>;

function checkCondition(c: ConditionShape, ctx: z.RefinementCtx, capped: boolean): void {
  if (c.operator === "range") {
    const [min, max] = c.values;
    if (c.values.length !== 2 || typeof min !== "number" || typeof max !== "number" || !Number.isFinite(min) || !Number.isFinite(max)) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "range takes exactly two numbers: [min, max]" });
    } else if (min > max) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "range minimum must not exceed its maximum" });
    }
  } else if (c.operator === "present") {
    if (c.values.length > 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "present takes no values" });
    }
  } else {
    if (c.values.length === 0) {
      ctx.addIssue({ code: "custom", path: ["values"], message: `${c.operator} needs at least one value` });
    }
    c.values.forEach((v, i) => {
      if (typeof v !== "string") {
        ctx.addIssue({ code: "custom", path: ["values", i], message: `${c.operator} values must be strings` });
        return;
      }
      const problem = !capped ? null : c.operator === "regex" ? patternProblem(v) : textValueProblem(v);
      if (problem !== null) ctx.addIssue({ code: "custom", path: ["values", i], message: problem });
    });
  }
}

/** A condition, within the caps of value-caps.ts (what the API, the console and the CLI accept). */
export const conditionSchema = conditionObject.superRefine((c, ctx) => checkCondition(c, ctx, true));
/** The same without the caps: for documents frozen into versions before the caps existed. */
const storedConditionSchema = conditionObject.superRefine((c, ctx) => checkCondition(c, ctx, false));

export const weightSchema = z
  .number()
  .min(0, "must be between 0 and 100")
  .max(100, "must be between 0 and 100")
  .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, "at most two decimals (0.01 % resolution)");

export const splitEntrySchema = z.object({ route: slugSchema, weight: weightSchema }).strict();

export const shadowSchema = z
  .object({
    route: slugSchema,
    percent: z
      .number()
      .min(0, "must be between 0 and 100")
      .max(100, "must be between 0 and 100")
      .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, "at most two decimals"),
    /** Absent: `exact`, the bodies byte for byte. */
    compare: compareSpecSchema.optional(),
  })
  .strict();

export const strategySchema = z.enum(["random", "sticky"]);

/** The most shadow disagreements a router may keep. */
export const MAX_KEPT_DISAGREEMENTS = 500;

/** Runs of a slot table in slot order: "stable:9000,canary:1000" (route:length, lengths sum to 10 000). */
export const slotsSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}:\d+(,[a-z0-9][a-z0-9-]{0,62}:\d+)*$/, "must be runs of route:length separated by commas");

const ruleBody = {
  strategy: strategySchema,
  split: z.array(splitEntrySchema).min(1, "a rule sends its traffic to at least one route").max(100),
  shadows: z.array(shadowSchema).max(100).default([]),
  slots: slotsSchema.optional(),
};

export const defaultRuleSchema = z.object(ruleBody).strict();

export const keySourceSchema = z
  .object({ source: conditionSourceSchema, key: z.string().min(1).max(256) })
  .strict();

export const DEFAULT_KEY_SOURCES = [
  { source: "header", key: "x-shard-key" },
  { source: "payload", key: "dispatch.dispatchKey" },
] as const;

/** A request field, as conditions and key sources name it. */
export const fieldRefSchema = z
  .object({ source: conditionSourceSchema, key: z.string().min(1, "must not be empty").max(256) })
  .strict();

export const MAX_RECORD_PER_SECOND = 100_000;

/**
 * What the gateway records of the requests it serves, for replaying a routing change over
 * real traffic (lib/replay). Only the fields the version's rules, audiences and key sources
 * read are kept, plus `recordFields`; never a whole body or other headers.
 */
const recordingSettings = {
  recordPercent: z
    .number()
    .min(0, "must be between 0 and 100")
    .max(100, "must be between 0 and 100")
    .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, "at most two decimals")
    .default(1)
    .describe("Share of requests whose decision and read fields the gateway records, in percent (0: none)."),
  recordMaxPerSecond: z
    .number()
    .int()
    .min(1, `must be between 1 and ${MAX_RECORD_PER_SECOND}`)
    .max(MAX_RECORD_PER_SECOND, `must be between 1 and ${MAX_RECORD_PER_SECOND}`)
    .default(100)
    .describe("At most this many samples a second per gateway process; more are dropped and counted."),
  recordFields: z
    .array(fieldRefSchema)
    .max(50)
    .default([])
    .describe("Fields recorded besides those the rules, audiences and key sources read."),
  recordKeys: z
    .enum(["raw", "slot"])
    .default("raw")
    .describe("`raw` keeps the sticky key; `slot` keeps only its slot for the router's seed (the key-source fields are not recorded)."),
};

export const settingsSchema = z
  .object({
    keySources: z
      .array(keySourceSchema)
      .max(10)
      .default(() => DEFAULT_KEY_SOURCES.map((k) => ({ ...k }))),
    missingKey: z.enum(["reject", "random"]).default("reject"),
    strict: z.boolean().default(false),
    allowPin: z.boolean().default(false),
    seed: z.string().min(1).max(256).optional(),
    keepDisagreements: z
      .number()
      .int()
      .min(0, "must be between 0 and 500")
      .max(MAX_KEPT_DISAGREEMENTS, `must be between 0 and ${MAX_KEPT_DISAGREEMENTS}`)
      .default(0)
      .describe("How many of the latest shadow disagreements the gateway stores for this router (0: none)."),
    ...recordingSettings,
  })
  .strict();

export const routeSchema = z
  .object({
    name: slugSchema,
    url: z
      .string()
      .url("must be an absolute http(s) URL")
      .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL"),
    timeoutMs: z.number().int().min(1).max(600_000).default(2000),
  })
  .strict();

/** Rules, audiences and documents over one condition schema (capped, or as stored). */
function documentSchemas(condition: typeof conditionSchema) {
  const rule = z
    .object({
      name: slugSchema,
      audience: slugSchema.nullish(),
      conditions: z.array(condition).max(100).default([]),
      ...ruleBody,
    })
    .strict();
  const audience = z
    .object({
      name: slugSchema,
      description: z.string().max(1000).optional(),
      conditions: z.array(condition).min(1, "an audience needs at least one condition").max(100),
    })
    .strict();
  const document = z
    .object({
      name: slugSchema,
      description: z.string().max(1000).optional(),
      settings: settingsSchema.default(() => settingsSchema.parse({})),
      routes: z.array(routeSchema).max(200).default([]),
      audiences: z.array(audience).max(500).default([]),
      rules: z.array(rule).max(5000).default([]),
      // Optional here so that the analysis can report `no_default_rule` instead of a parse error.
      defaultRule: defaultRuleSchema.optional(),
    })
    .strict();
  return { rule, audience, document };
}

const capped = documentSchemas(conditionSchema);
export const ruleSchema = capped.rule;
export const audienceSchema = capped.audience;
export const routerDocumentSchema = capped.document;

/**
 * Reads a document frozen into a version: the caps on values came later, and a version
 * deployed before them must stay readable (and servable) as it was. Everything written
 * goes through `routerDocumentSchema`.
 */
export const storedRouterDocumentSchema = documentSchemas(storedConditionSchema).document;

/** A request as the simulator, the CLI and the engine take it. */
export const routingRequestSchema = z
  .object({
    method: z.string().max(16).optional(),
    path: z.string().max(8192).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    body: z.unknown().optional(),
  })
  .strict();

export const decisionSchema = z.union([
  z.object({
    rule: z.string(),
    route: z.string(),
    shadows: z.array(z.string()),
    sticky: z.boolean(),
    key: z.string().optional(),
    pinned: z.boolean().optional(),
  }),
  z.object({
    error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }),
  }),
]);

export const findingSchema = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.enum([
    "no_default_rule",
    "weights_sum",
    "unknown_route",
    "unknown_audience",
    "dangling_route",
    "duplicate_name",
    "invalid_regex",
    "unreachable_rule",
    "overlap",
    "shadow_self",
    "shadow_unused",
    "empty_rule",
    "invalid_compare",
    "analysis_incomplete",
  ]),
  message: z.string(),
  path: z.string(),
  rules: z.array(z.string()).optional(),
  witness: routingRequestSchema.optional(),
  /** true when the overlap could not be decided exactly within the budget ("may overlap"). */
  uncertain: z.boolean().optional(),
});

export type Condition = z.infer<typeof conditionSchema>;
export type ConditionSource = z.infer<typeof conditionSourceSchema>;
export type ConditionOperator = z.infer<typeof conditionOperatorSchema>;
export type SplitEntry = z.infer<typeof splitEntrySchema>;
export type Shadow = z.infer<typeof shadowSchema>;
export type Strategy = z.infer<typeof strategySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type DefaultRule = z.infer<typeof defaultRuleSchema>;
export type KeySource = z.infer<typeof keySourceSchema>;
export type FieldRef = z.infer<typeof fieldRefSchema>;
export type RouterSettings = z.infer<typeof settingsSchema>;
export type Route = z.infer<typeof routeSchema>;
export type Audience = z.infer<typeof audienceSchema>;
export type RouterDocument = z.infer<typeof routerDocumentSchema>;
export type RouterDocumentInput = z.input<typeof routerDocumentSchema>;
export type RoutingRequest = z.infer<typeof routingRequestSchema>;
export type Decision = z.infer<typeof decisionSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type FindingCode = Finding["code"];

import { z } from "zod";
import {
  type SplitEntry,
  conditionSchema,
  defaultRuleSchema,
  routeSchema,
  routerDocumentSchema,
  routingRequestSchema,
  ruleSchema,
  settingsSchema,
  slugSchema,
} from "@/lib/router/document";

export const routerParamsSchema = z.object({ project: slugSchema, router: slugSchema });
export const routeParamsSchema = routerParamsSchema.extend({ route: slugSchema });
export const ruleParamsSchema = routerParamsSchema.extend({ rule: slugSchema });
export const versionParamsSchema = routerParamsSchema.extend({ n: z.coerce.number().int().min(1) });

export const listQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

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

function checkSplit(body: { split: readonly SplitEntry[] }, ctx: z.RefinementCtx, at: (string | number)[]): void {
  const problem = splitSumProblem(body.split);
  if (problem) ctx.addIssue({ code: "custom", path: [...at, "split"], message: problem });
}

/**
 * Writes refuse splits whose weights do not add up to 100 (422 naming `split`,
 * `rules.2.split` or `defaultRule.split`). The document schema itself stays structural,
 * so a stored draft or a CLI file with such a split is still read and reported by the analysis.
 */
export const routerConfigSchema = routerDocumentSchema.superRefine((doc, ctx) => {
  doc.rules.forEach((rule, i) => checkSplit(rule, ctx, ["rules", i]));
  if (doc.defaultRule) checkSplit(doc.defaultRule, ctx, ["defaultRule"]);
});

/** A new router: a whole document; without a default rule, all traffic goes to the first route. */
export const routerCreateSchema = routerConfigSchema;

export const routerUpdateSchema = z
  .object({
    description: z.string().max(1000).optional(),
    settings: settingsSchema.partial().strict().optional(),
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
    checkSplit(rule, ctx, []);
  });
export const ruleUpdateSchema = ruleSchema.superRefine((rule, ctx) => {
  checkRuleName(rule, ctx);
  checkSplit(rule, ctx, []);
});
export const defaultRuleUpdateSchema = defaultRuleSchema.superRefine((rule, ctx) => checkSplit(rule, ctx, []));
export const ruleOrderSchema = z.object({ order: z.array(slugSchema).max(5000) }).strict();

export const undeploySchema = z
  .object({
    mode: z.enum(["proportional", "even", "manual"]),
    replacement: slugSchema.optional(),
    weights: z.record(z.string(), z.record(z.string(), z.number().min(0).max(100))).optional(),
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

export const deploySchema = z.object({ message: z.string().trim().min(1, "describe the change").max(500) }).strict();
export const rollbackSchema = z.object({ message: z.string().trim().max(500).optional() }).strict();
export const diffQuerySchema = z.object({ against: z.coerce.number().int().min(1) }).strict();

export const audienceParamsSchema = z.object({ project: slugSchema, audience: slugSchema });
export const audienceCreateSchema = z
  .object({ name: slugSchema, description: z.string().max(1000).optional(), conditions: z.array(conditionSchema).min(1, "an audience needs at least one condition").max(100) })
  .strict();
export const audienceUpdateSchema = audienceCreateSchema.omit({ name: true }).partial().strict();

export type RouterCreate = z.infer<typeof routerCreateSchema>;
export type RouterUpdate = z.infer<typeof routerUpdateSchema>;
export type UndeployBody = z.infer<typeof undeploySchema>;
export type SimulateBody = z.infer<typeof simulateSchema>;
export type AudienceCreate = z.infer<typeof audienceCreateSchema>;

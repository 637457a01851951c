import { z } from "zod";
import {
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

/** A new router: a whole document; without a default rule, all traffic goes to the first route. */
export const routerCreateSchema = routerDocumentSchema;

export const routerUpdateSchema = z
  .object({
    description: z.string().max(1000).optional(),
    settings: settingsSchema.partial().strict().optional(),
  })
  .strict();

export const routeCreateSchema = routeSchema;
export const routeUpdateSchema = routeSchema.omit({ name: true }).partial().strict();

export const ruleCreateSchema = ruleSchema.extend({ position: z.number().int().min(0).optional() }).strict();
export const ruleUpdateSchema = ruleSchema;
export const defaultRuleUpdateSchema = defaultRuleSchema;
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
export const simulateSchema = z
  .union([
    z.object({ request: routingRequestSchema, version: z.enum(["draft", "active"]).default("draft") }).strict(),
    z.object({ requests: z.array(routingRequestSchema).min(1).max(MAX_SIMULATED_REQUESTS), version: z.enum(["draft", "active"]).default("draft") }).strict(),
  ]);

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

import { z } from "zod";
import { slugSchema } from "@/lib/router/document";
import { bigintCursorSchema, itemsSchema, pageSchema, timestampSchema } from "@/lib/http/lists";
import { PROJECT_ROLES } from "./roles";

export const emailSchema = z.string().trim().toLowerCase().email("must be an email address").max(254);

export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1, "enter your password").max(256) }).strict();

export const projectRoleSchema = z.enum(PROJECT_ROLES);

export const memberCreateSchema = z.object({ email: emailSchema, role: projectRoleSchema }).strict();
export const memberUpdateSchema = z.object({ role: projectRoleSchema }).strict();
export const memberParamsSchema = z.object({ project: slugSchema, user: emailSchema });

export const tokenCreateSchema = z
  .object({
    name: slugSchema,
    scope: z.enum(["read", "write"]),
    expiresAt: timestampSchema().nullish(),
  })
  .strict();
export const tokenParamsSchema = z.object({ project: slugSchema, token: z.uuid("no such token") });

export const userCreateSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1).max(120).optional(),
    password: z.string().min(8, "at least 8 characters").max(256),
    role: z.enum(["admin", "user"]).default("user"),
  })
  .strict();
export const userUpdateSchema = z.object({ role: z.enum(["admin", "user"]) }).strict();
export const userParamsSchema = z.object({ user: emailSchema });

export const eventsQuerySchema = z
  .object({
    actor: z.string().max(254).optional(),
    target: z.string().max(200).optional(),
    router: z.string().max(63).optional().describe("Events of the router with exactly this name: its own, its rules', routes' and splits'."),
    action: z.string().max(100).optional(),
    from: timestampSchema().optional(),
    to: timestampSchema().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: bigintCursorSchema.optional(),
  })
  .strict();

/** The whole installation's audit log (administrators): the project filters plus a project, deleted ones included. */
export const globalEventsQuerySchema = eventsQuerySchema.extend({
  project: z.string().max(63).optional().describe("Events of the project with this name, including one that was deleted."),
});

// Responses (dates are ISO 8601 strings).

/** Who is calling: a signed-in user, or a project API token. */
export const principalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), userId: z.string(), email: z.email(), name: z.string(), isAdmin: z.boolean() }),
  z.object({ kind: z.literal("token"), tokenId: z.uuid(), name: z.string(), projectId: z.uuid(), projectName: slugSchema, scope: z.enum(["read", "write"]) }),
]);
export const signInResponseSchema = z.object({ ok: z.literal(true) });

export const memberSchema = z.object({ email: z.email(), name: z.string(), role: projectRoleSchema, since: z.iso.datetime() });
export const memberListSchema = itemsSchema(memberSchema);

/** A token as listed: never its secret. */
export const tokenSchema = z.object({
  id: z.uuid(),
  name: slugSchema,
  prefix: z.string().describe("The token's first characters, to recognise it."),
  scope: z.enum(["read", "write"]),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable().describe("The creator's email; null when a token or a deleted user created it."),
});
export const tokenListSchema = itemsSchema(tokenSchema);
/** A new token, with its secret: shown in this response only. */
export const tokenCreatedSchema = tokenSchema.extend({ token: z.string().describe("The secret: send it as `Authorization: Bearer <token>`.") });

export const userSchema = z.object({
  email: z.email(),
  name: z.string(),
  role: z.enum(["admin", "user"]),
  createdAt: z.iso.datetime(),
  projects: z.number().int().min(0).describe("How many projects the user is a member of."),
});
export const userListSchema = itemsSchema(userSchema);

export const auditEventSchema = z.object({
  id: z.string(),
  actor: z.string().describe("A user's email, or `token:<name>`."),
  action: z.string(),
  targetType: z.string(),
  targetName: z.string(),
  router: z.string().nullable().describe("The router a router, rule or route event belongs to; null for other events."),
  before: z.unknown().describe("The target's state before, as JSON (null when created)."),
  after: z.unknown().describe("The target's state after, as JSON (null when deleted)."),
  createdAt: z.iso.datetime(),
});
export const auditEventPageSchema = pageSchema(auditEventSchema);

/** An event in the whole installation's log: with the project it happened in, which may since have been deleted. */
export const globalAuditEventSchema = auditEventSchema.extend({
  project: z.string().nullable().describe("The project's name; null for events outside any project (users)."),
  projectDeleted: z.boolean().describe("The project has been deleted since (its events stay)."),
});
export const globalAuditEventPageSchema = pageSchema(globalAuditEventSchema);

export type TokenCreate = z.infer<typeof tokenCreateSchema>;
export type MemberCreate = z.infer<typeof memberCreateSchema>;
export type UserCreate = z.infer<typeof userCreateSchema>;
export type EventsQuery = z.infer<typeof eventsQuerySchema>;
export type GlobalEventsQuery = z.infer<typeof globalEventsQuerySchema>;
export type PrincipalView = z.infer<typeof principalSchema>;
export type UserView = z.infer<typeof userSchema>;
export type AuditEventView = z.infer<typeof auditEventSchema>;
export type GlobalAuditEventView = z.infer<typeof globalAuditEventSchema>;

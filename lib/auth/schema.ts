import { z } from "zod";
import { slugSchema } from "@/lib/router/document";
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
    expiresAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).nullish(),
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
    action: z.string().max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(/^\d+$/, "not a cursor from this API").optional(),
  })
  .strict();

export type TokenCreate = z.infer<typeof tokenCreateSchema>;
export type MemberCreate = z.infer<typeof memberCreateSchema>;
export type UserCreate = z.infer<typeof userCreateSchema>;
export type EventsQuery = z.infer<typeof eventsQuerySchema>;

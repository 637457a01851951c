import { z } from "zod";
import { slugSchema } from "@/lib/router/document";
import { itemsSchema } from "@/lib/http/lists";

export const projectParamsSchema = z.object({ project: slugSchema });

export const projectCreateSchema = z
  .object({
    name: slugSchema,
    displayName: z.string().trim().max(120).optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();

export const projectUpdateSchema = z
  .object({
    displayName: z.string().trim().max(120).optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();

export const projectResponseSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  revision: z.number().int(),
  role: z.enum(["viewer", "editor", "owner"]).optional().describe("The caller's role in the project (administrators act as owners); absent in the list."),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const projectListSchema = itemsSchema(projectResponseSchema);

export type ProjectCreate = z.infer<typeof projectCreateSchema>;
export type ProjectUpdate = z.infer<typeof projectUpdateSchema>;
export type ProjectResponse = z.infer<typeof projectResponseSchema>;

export function projectResponse(p: { name: string; displayName: string; description: string; revision: number; createdAt: Date; updatedAt: Date }, role?: "viewer" | "editor" | "owner"): ProjectResponse {
  return {
    name: p.name,
    displayName: p.displayName || p.name,
    description: p.description,
    revision: p.revision,
    ...(role ? { role } : {}),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

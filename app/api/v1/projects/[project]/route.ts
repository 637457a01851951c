import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { expectedRevision } from "@/lib/http/revision";
import { deleteProject, updateProject } from "@/lib/projects/repo";
import { projectParamsSchema, projectResponse, projectUpdateSchema } from "@/lib/projects/schema";

export const GET = route({ access: { project: "viewer" }, params: projectParamsSchema }, async ({ db, access }) => {
  const project = await db.project.findUniqueOrThrow({ where: { id: access!.project.id } });
  return reply(projectResponse(project, access!.role), { etag: project.revision });
});

export const PATCH = route({ access: { project: "owner" }, params: projectParamsSchema, body: projectUpdateSchema }, async ({ req, db, body, access, principal }) => {
  const project = await updateProject(db, access!.project.id, body, { expectedRevision: expectedRevision(req), actor: actorName(principal!) });
  return reply(projectResponse(project, access!.role), { etag: project.revision });
});

/** Deleting a project removes its routers, versions, audiences and tokens (its audit log stays); owners and admins may. */
export const DELETE = route({ access: { project: "owner" }, params: projectParamsSchema }, async ({ req, db, access, principal }) => {
  await deleteProject(db, access!.project.id, { expectedRevision: expectedRevision(req), actor: actorName(principal!) });
  return reply(undefined, { status: 204 });
});

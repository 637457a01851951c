import { actorName } from "@/lib/auth/principal";
import { deleteAudience, getAudience, updateAudience } from "@/lib/audiences/repo";
import { reply, route } from "@/lib/http/handler";
import { expectedRevision } from "@/lib/http/revision";
import { audienceParamsSchema, audienceUpdateSchema } from "@/lib/routers/schema";

export const GET = route({ access: { project: "viewer" }, params: audienceParamsSchema }, async ({ db, access, params }) => {
  const a = await getAudience(db, access!.project.id, params.audience);
  return reply(a, { etag: a.revision });
});

/** Changes every rule that uses the audience, in every router of the project; each of those routers gets a new revision. */
export const PATCH = route({ access: { project: "editor" }, params: audienceParamsSchema, body: audienceUpdateSchema }, async ({ req, db, access, params, body, principal }) => {
  const a = await updateAudience(db, access!.project.id, params.audience, body, { expectedRevision: expectedRevision(req), actor: actorName(principal!) });
  return reply(a, { etag: a.revision });
});

/** Refused (409) while a rule uses the audience. */
export const DELETE = route({ access: { project: "editor" }, params: audienceParamsSchema }, async ({ req, db, access, params, principal }) => {
  await deleteAudience(db, access!.project.id, params.audience, { expectedRevision: expectedRevision(req), actor: actorName(principal!) });
  return reply(undefined, { status: 204 });
});

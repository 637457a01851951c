import { removeMember, updateMember } from "@/lib/auth/members";
import { actorName } from "@/lib/auth/principal";
import { memberParamsSchema, memberUpdateSchema } from "@/lib/auth/schema";
import { reply, route } from "@/lib/http/handler";

export const PATCH = route({ access: { project: "owner" }, params: memberParamsSchema, body: memberUpdateSchema }, async ({ db, params, body, access, principal }) =>
  reply(await updateMember(db, { projectId: access!.project.id, email: params.user, role: body.role, actor: actorName(principal!) })),
);

export const DELETE = route({ access: { project: "owner" }, params: memberParamsSchema }, async ({ db, params, access, principal }) => {
  await removeMember(db, { projectId: access!.project.id, email: params.user, actor: actorName(principal!) });
  return reply(undefined, { status: 204 });
});

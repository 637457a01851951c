import { addMember, listMembers } from "@/lib/auth/members";
import { actorName } from "@/lib/auth/principal";
import { memberCreateSchema } from "@/lib/auth/schema";
import { reply, route } from "@/lib/http/handler";
import { projectParamsSchema } from "@/lib/projects/schema";

export const GET = route({ access: { project: "viewer" }, params: projectParamsSchema }, async ({ db, access }) =>
  reply({ items: await listMembers(db, access!.project.id) }),
);

export const POST = route({ access: { project: "owner" }, params: projectParamsSchema, body: memberCreateSchema }, async ({ db, body, access, principal }) => {
  const member = await addMember(db, { projectId: access!.project.id, email: body.email, role: body.role, actor: actorName(principal!) });
  return reply(member, { status: 201 });
});

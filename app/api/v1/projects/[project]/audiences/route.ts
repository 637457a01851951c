import { actorName } from "@/lib/auth/principal";
import { createAudience, listAudiences } from "@/lib/audiences/repo";
import { reply, route } from "@/lib/http/handler";
import { projectParamsSchema } from "@/lib/projects/schema";
import { listQuerySchema } from "@/lib/http/lists";
import { audienceCreateSchema } from "@/lib/routers/schema";

export const GET = route({ access: { project: "viewer" }, params: projectParamsSchema, query: listQuerySchema }, async ({ db, access, query }) =>
  reply(await listAudiences(db, access!.project.id, query)),
);

export const POST = route({ access: { project: "editor" }, params: projectParamsSchema, body: audienceCreateSchema }, async ({ db, access, body, principal }) => {
  const created = await createAudience(db, access!.project.id, body, actorName(principal!));
  return reply(created, { status: 201, etag: created.revision });
});

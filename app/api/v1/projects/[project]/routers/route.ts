import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { projectParamsSchema } from "@/lib/projects/schema";
import { createRouterFromDocument } from "@/lib/routers/commands";
import { listQuerySchema } from "@/lib/http/lists";
import { routerCreateSchema } from "@/lib/routers/schema";
import { listRouterSummaries, routerSummary } from "@/lib/routers/summary";

export const GET = route({ access: { project: "viewer" }, params: projectParamsSchema, query: listQuerySchema }, async ({ db, access, query }) =>
  reply(await listRouterSummaries(db, access!.project.id, query)),
);

/** Create a router from a router document (without a default rule, all traffic goes to the first route). */
export const POST = route({ access: { project: "editor" }, params: projectParamsSchema, body: routerCreateSchema }, async ({ db, access, body, principal, params }) => {
  const created = await createRouterFromDocument(db, access!.project.id, body, actorName(principal!));
  return reply(await routerSummary(db, access!.project.id, created.document.name), {
    status: 201,
    etag: created.revision,
    headers: { location: `/api/v1/projects/${params.project}/routers/${created.document.name}` },
  });
});

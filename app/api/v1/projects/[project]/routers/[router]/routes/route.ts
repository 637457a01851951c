import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { createRoute } from "@/lib/routers/commands";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routeCreateSchema, routerParamsSchema } from "@/lib/routers/schema";

export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  return reply({ items: loaded.document.routes }, { etag: loaded.revision });
});

export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: routeCreateSchema }, async (x) => {
  const saved = await createRoute(draftCtx(x), x.body);
  return reply(saved.document.routes.find((r) => r.name === x.body.name), { status: 201, etag: saved.revision });
});

import { NotFoundError } from "@/lib/errors";
import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { deleteRoute, patchRoute } from "@/lib/routers/commands";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { rulesUsingRoute } from "@/lib/routers/edits";
import { routeParamsSchema, routeUpdateSchema } from "@/lib/routers/schema";

export const GET = route({ access: { project: "viewer" }, params: routeParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  const found = loaded.document.routes.find((r) => r.name === params.route);
  if (!found) throw new NotFoundError("route", params.route);
  return reply({ ...found, usedBy: rulesUsingRoute(loaded.document, params.route) }, { etag: loaded.revision });
});

export const PATCH = route({ access: { project: "editor" }, params: routeParamsSchema, body: routeUpdateSchema }, async (x) => {
  const saved = await patchRoute(draftCtx(x), x.params.route, x.body);
  return reply(saved.document.routes.find((r) => r.name === x.params.route), { etag: saved.revision });
});

/** Refused (409) while a rule still uses the route: undeploy it first. */
export const DELETE = route({ access: { project: "editor" }, params: routeParamsSchema }, async (x) => {
  const saved = await deleteRoute(draftCtx(x), x.params.route);
  return reply(undefined, { status: 204, etag: saved.revision });
});

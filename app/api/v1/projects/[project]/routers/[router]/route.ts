import { actorName } from "@/lib/auth/principal";
import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { expectedRevision } from "@/lib/http/revision";
import { updateRouterSettings } from "@/lib/routers/commands";
import { routerParamsSchema, routerUpdateSchema } from "@/lib/routers/schema";
import { deleteRouter, routerSummary } from "@/lib/routers/summary";

export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const summary = await routerSummary(db, access!.project.id, params.router);
  return reply(summary, { etag: summary.revision });
});

/** Change the description or settings of the draft. */
export const PATCH = route({ access: { project: "editor" }, params: routerParamsSchema, body: routerUpdateSchema }, async (x) => {
  const saved = await updateRouterSettings(draftCtx(x), x.body);
  return reply(await routerSummary(x.db, x.access!.project.id, x.params.router), { etag: saved.revision });
});

/** Delete the router and its versions; the gateway stops serving it. */
export const DELETE = route({ access: { project: "editor" }, params: routerParamsSchema }, async ({ req, db, access, params, principal }) => {
  await deleteRouter(db, access!.project.id, params.router, { expectedRevision: expectedRevision(req), actor: actorName(principal!) });
  return reply(undefined, { status: 204 });
});

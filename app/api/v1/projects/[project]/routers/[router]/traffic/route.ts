import { trafficQuerySchema } from "@/lib/fleet/schema";
import { loadTraffic } from "@/lib/gateway/traffic";
import { reply, route } from "@/lib/http/handler";
import { NotFoundError } from "@/lib/errors";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { routerParamsSchema } from "@/lib/routers/schema";

/** What every live gateway routed for this router, summed, per rule and route against the active version's weights, and shadow agreement; `window` counts over the last minutes only. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema, query: trafficQuerySchema }, async ({ db, access, params, query }) => {
  const router = await db.router.findUnique({
    where: { projectId_name: { projectId: access!.project.id, name: params.router } },
    select: { activeVersion: { select: { document: true } } },
  });
  if (!router) throw new NotFoundError("router", params.router);
  const served = router.activeVersion ? storedRouterDocumentSchema.parse(router.activeVersion.document) : null;
  return reply(await loadTraffic(db, params.project, params.router, served, query.window ?? null));
});

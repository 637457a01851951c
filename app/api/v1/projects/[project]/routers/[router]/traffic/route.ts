import { loadTraffic } from "@/lib/gateway/traffic";
import { reply, route } from "@/lib/http/handler";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { routerParamsSchema } from "@/lib/routers/schema";

/** What the gateway actually routed for this router, per rule and route, against the active version's weights, and shadow agreement. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const router = await db.router.findUnique({
    where: { projectId_name: { projectId: access!.project.id, name: params.router } },
    select: { activeVersion: { select: { document: true } } },
  });
  const served = router?.activeVersion ? storedRouterDocumentSchema.parse(router.activeVersion.document) : null;
  return reply(await loadTraffic(params.project, params.router, served));
});

import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { undeployRoute } from "@/lib/routers/commands";
import { routeParamsSchema, undeploySchema } from "@/lib/routers/schema";

/**
 * Remove the route from every split and shadow, redistributing its weight per rule. With
 * `dryRun`, returns the before/after weights and sticky keys moved, changing nothing.
 */
export const POST = route({ access: { project: "editor" }, params: routeParamsSchema, body: undeploySchema }, async (x) => {
  const { plan, router } = await undeployRoute(draftCtx(x), x.params.route, x.body);
  return reply({ dryRun: x.body.dryRun, ...plan, ...(router ? { revision: router.revision } : {}) }, router ? { etag: router.revision } : {});
});

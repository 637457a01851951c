import { reply, route } from "@/lib/http/handler";
import { sampleSummary } from "@/lib/replay/repo";
import { routerParamsSchema } from "@/lib/routers/schema";

/** How many requests of the router are stored for replay, and how many the gateways recorded and dropped. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) =>
  reply(await sampleSummary(db, access!.project.id, params.router)),
);

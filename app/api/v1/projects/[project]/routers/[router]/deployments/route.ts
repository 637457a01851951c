import { actorName } from "@/lib/auth/principal";
import { CONVERGENCE_TIMEOUT, waitForConvergence } from "@/lib/fleet/repo";
import { deployWaitQuerySchema } from "@/lib/fleet/schema";
import { reply, route } from "@/lib/http/handler";
import { deploySchema, routerParamsSchema } from "@/lib/routers/schema";
import { deployRouter } from "@/lib/versions/repo";

/** Deploy the draft: analysis errors block it (422 with the findings); one deploy at a time per router (409). With `?wait=true`, answers once every live gateway serves the new version, or at `timeoutMs`, naming the gateways that lag. */
export const POST = route(
  { access: { project: "editor" }, params: routerParamsSchema, query: deployWaitQuerySchema, body: deploySchema },
  async ({ db, access, params, query, body, principal }) => {
    const result = await deployRouter(db, access!.project.id, params.router, { message: body.message, author: actorName(principal!) });
    // After the commit: the deploy stands whatever the gateways do; waiting only reports on them.
    const convergence = query.wait
      ? await waitForConvergence(db, access!.project.id, params.project, params.router, result.number, query.timeoutMs ?? CONVERGENCE_TIMEOUT.defaultMs)
      : undefined;
    return reply(
      { version: result.number, ...(convergence ? { convergence } : {}) },
      { status: 201, headers: { location: `/api/v1/projects/${params.project}/routers/${params.router}/versions/${result.number}` } },
    );
  },
);

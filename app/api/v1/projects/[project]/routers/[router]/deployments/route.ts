import { actorName } from "@/lib/auth/principal";
import { CONVERGENCE_TIMEOUT, waitForConvergence } from "@/lib/fleet/repo";
import { deployWaitQuerySchema } from "@/lib/fleet/schema";
import { reply, route } from "@/lib/http/handler";
import { expectedRevision } from "@/lib/http/revision";
import { deploySchema, routerParamsSchema } from "@/lib/routers/schema";
import { deployRouter } from "@/lib/versions/repo";

/** Deploy the draft: analysis errors block it (422 with the findings); If-Match names the draft revision reviewed (412 when it moved on); a draft identical to the active version is not deployed (409 nothing_to_deploy); one deploy at a time per router (409). With `?wait=true`, answers once every live gateway serves the new version, or at `timeoutMs`, naming the gateways that lag. */
export const POST = route(
  { access: { project: "editor" }, params: routerParamsSchema, query: deployWaitQuerySchema, body: deploySchema },
  async ({ req, db, access, params, query, body, principal }) => {
    const result = await deployRouter(db, access!.project.id, params.router, { message: body.message, author: actorName(principal!), expectedRevision: expectedRevision(req), abortRollout: body.abortRollout });
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

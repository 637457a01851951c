import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { createRollout, listRouterRollouts } from "@/lib/rollouts/repo";
import { rolloutCreateSchema, rolloutListQuerySchema } from "@/lib/rollouts/schema";
import { routerParamsSchema } from "@/lib/routers/schema";

/** The router's rollouts, newest first; `status=active` for the one in progress. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema, query: rolloutListQuerySchema }, async ({ db, access, params, query }) =>
  reply(await listRouterRollouts(db, access!.project.id, params.router, query)),
);

/** Start a rollout of a canary route in one rule of the active version: its first stage is deployed at once; 409 while another rollout of the router is in progress. */
export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: rolloutCreateSchema }, async ({ db, access, params, body, principal }) => {
  const created = await createRollout(db, access!.project.id, params.router, body, actorName(principal!));
  return reply(created, { status: 201, headers: { location: `/api/v1/projects/${params.project}/routers/${params.router}/rollouts/${created.id}` } });
});

import { reply, route } from "@/lib/http/handler";
import { getRollout } from "@/lib/rollouts/repo";
import { rolloutParamsSchema } from "@/lib/rollouts/schema";

/** A rollout with its stage timeline, events and the newest evaluations of its gates. */
export const GET = route({ access: { project: "viewer" }, params: rolloutParamsSchema }, async ({ db, access, params }) =>
  reply(await getRollout(db, { projectId: access!.project.id, routerName: params.router, number: params.rollout })),
);

/** The four manual actions share one handler shape: act, then answer the rollout as it now is. */
import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { getRollout } from "./repo";
import { rolloutParamsSchema } from "./schema";
import { actOnRollout, type ManualAction } from "./transitions";

export function rolloutActionRoute(action: ManualAction) {
  return route({ access: { project: "editor" }, params: rolloutParamsSchema }, async ({ db, access, params, principal }) => {
    const ref = { projectId: access!.project.id, routerName: params.router, number: params.rollout };
    await actOnRollout(db, ref, action, actorName(principal!));
    return reply(await getRollout(db, ref));
  });
}

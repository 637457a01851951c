import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { routerParamsSchema } from "@/lib/routers/schema";
import { deleteDisagreements, listDisagreements } from "@/lib/shadows/repo";
import { disagreementListQuerySchema } from "@/lib/shadows/schema";

/** The shadow disagreements the gateway stored for this router (settings.keepDisagreements), newest first. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema, query: disagreementListQuerySchema }, async ({ db, access, params, query }) =>
  reply(await listDisagreements(db, access!.project.id, params.router, query)),
);

/** Deletes every stored disagreement of this router. */
export const DELETE = route({ access: { project: "editor" }, params: routerParamsSchema }, async ({ db, access, params, principal }) => {
  await deleteDisagreements(db, access!.project.id, params.router, { actor: actorName(principal!) });
  return reply(undefined, { status: 204 });
});

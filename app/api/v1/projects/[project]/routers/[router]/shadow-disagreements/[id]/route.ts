import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { deleteDisagreements } from "@/lib/shadows/repo";
import { disagreementParamsSchema } from "@/lib/shadows/schema";

/** Deletes one stored disagreement. */
export const DELETE = route({ access: { project: "editor" }, params: disagreementParamsSchema }, async ({ db, access, params, principal }) => {
  await deleteDisagreements(db, access!.project.id, params.router, { actor: actorName(principal!), id: params.id });
  return reply(undefined, { status: 204 });
});

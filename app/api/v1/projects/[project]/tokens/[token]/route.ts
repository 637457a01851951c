import { actorName } from "@/lib/auth/principal";
import { tokenParamsSchema } from "@/lib/auth/schema";
import { revokeToken } from "@/lib/auth/tokens";
import { reply, route } from "@/lib/http/handler";

/** Revokes the token at once; it stays listed, marked revoked. */
export const DELETE = route({ access: { project: "owner" }, params: tokenParamsSchema }, async ({ db, params, access, principal }) =>
  reply(await revokeToken(db, { projectId: access!.project.id, id: params.token, actor: actorName(principal!) })),
);

import { actorName } from "@/lib/auth/principal";
import { userParamsSchema, userUpdateSchema } from "@/lib/auth/schema";
import { deleteUser, setUserRole } from "@/lib/auth/users";
import { reply, route } from "@/lib/http/handler";

export const PATCH = route({ access: "admin", params: userParamsSchema, body: userUpdateSchema }, async ({ db, params, body, principal }) =>
  reply(await setUserRole(db, { email: params.user, role: body.role, actor: actorName(principal!) })),
);

export const DELETE = route({ access: "admin", params: userParamsSchema }, async ({ db, params, principal }) => {
  await deleteUser(db, { email: params.user, actor: actorName(principal!) });
  return reply(undefined, { status: 204 });
});

import { actorName } from "@/lib/auth/principal";
import { userCreateSchema } from "@/lib/auth/schema";
import { createUser, listUsers } from "@/lib/auth/users";
import { reply, route } from "@/lib/http/handler";

export const GET = route({ access: "admin" }, async ({ db }) => reply({ items: await listUsers(db) }));

export const POST = route({ access: "admin", body: userCreateSchema }, async ({ db, body, principal }) => {
  const { id: _id, ...user } = await createUser(db, { ...body, actor: actorName(principal!) });
  return reply(user, { status: 201 });
});

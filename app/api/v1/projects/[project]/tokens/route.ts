import { actorName } from "@/lib/auth/principal";
import { tokenCreateSchema } from "@/lib/auth/schema";
import { createToken, listTokens } from "@/lib/auth/tokens";
import { reply, route } from "@/lib/http/handler";
import { projectParamsSchema } from "@/lib/projects/schema";

export const GET = route({ access: { project: "owner" }, params: projectParamsSchema }, async ({ db, access }) =>
  reply({ items: await listTokens(db, access!.project.id) }),
);

/** The token's secret is in this response only; it is stored hashed. */
export const POST = route({ access: { project: "owner" }, params: projectParamsSchema, body: tokenCreateSchema }, async ({ db, body, access, principal }) => {
  const p = principal!;
  const { token, view } = await createToken(db, {
    projectId: access!.project.id,
    name: body.name,
    scope: body.scope,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    createdById: p.kind === "user" ? p.userId : null,
    actor: actorName(p),
  });
  return reply({ ...view, token }, { status: 201, headers: { "cache-control": "no-store" } });
});

import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { rollbackSchema, versionParamsSchema } from "@/lib/routers/schema";
import { rollbackToVersion } from "@/lib/versions/repo";

/** Deploy version `n` again, slot tables included, as the next version. */
export const POST = route({ access: { project: "editor" }, params: versionParamsSchema, body: rollbackSchema }, async ({ db, access, params, body, principal }) => {
  const result = await rollbackToVersion(db, access!.project.id, params.router, params.n, { author: actorName(principal!), message: body.message, abortRollout: body.abortRollout });
  return reply({ version: result.number, from: params.n }, { status: 201 });
});

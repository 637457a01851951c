import { routerGateways } from "@/lib/fleet/repo";
import { reply, route } from "@/lib/http/handler";
import { NotFoundError } from "@/lib/errors";
import { routerParamsSchema } from "@/lib/routers/schema";

/** The gateways serving this router: the version each serves against the active one, and how many live gateways serve it. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const exists = await db.router.findUnique({ where: { projectId_name: { projectId: access!.project.id, name: params.router } }, select: { id: true } });
  if (!exists) throw new NotFoundError("router", params.router);
  return reply(await routerGateways(db, access!.project.id, params.project, params.router));
});

import { reply, route } from "@/lib/http/handler";
import { routerParamsSchema, versionListQuerySchema } from "@/lib/routers/schema";
import { listVersions } from "@/lib/versions/repo";

export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema, query: versionListQuerySchema }, async ({ db, access, params, query }) =>
  reply(await listVersions(db, access!.project.id, params.router, query)),
);

import { reply, route } from "@/lib/http/handler";
import { versionParamsSchema } from "@/lib/routers/schema";
import { getVersion } from "@/lib/versions/repo";

export const GET = route({ access: { project: "viewer" }, params: versionParamsSchema }, async ({ db, access, params }) =>
  reply(await getVersion(db, access!.project.id, params.router, params.n)),
);

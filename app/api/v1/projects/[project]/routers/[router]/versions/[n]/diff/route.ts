import { reply, route } from "@/lib/http/handler";
import { diffQuerySchema, versionParamsSchema } from "@/lib/routers/schema";
import { diffVersions } from "@/lib/versions/repo";

/** What changed from version `against` to version `n`. */
export const GET = route({ access: { project: "viewer" }, params: versionParamsSchema, query: diffQuerySchema }, async ({ db, access, params, query }) =>
  reply(await diffVersions(db, access!.project.id, params.router, params.n, query.against)),
);

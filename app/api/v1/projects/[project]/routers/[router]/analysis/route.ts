import { analyze } from "@/lib/analysis";
import { reply, route } from "@/lib/http/handler";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routerParamsSchema } from "@/lib/routers/schema";

/** The analysis of the draft: errors block a deploy, warnings do not. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  const findings = analyze(loaded.document);
  return reply(
    { revision: loaded.revision, errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length, findings },
    { etag: loaded.revision },
  );
});

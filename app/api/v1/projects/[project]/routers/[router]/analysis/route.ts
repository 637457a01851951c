import { countFindings } from "@/lib/analysis/count";
import { analyzeOnServer } from "@/lib/analysis/pool/server";
import { HttpError, reply, route } from "@/lib/http/handler";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routerParamsSchema } from "@/lib/routers/schema";

/** The analysis of the draft: errors block a deploy, warnings do not. It runs in a worker; one stopped at its time limit lists the structural findings and `analysis_incomplete`; 503 when every worker stays busy. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  const analysis = await analyzeOnServer(loaded.document);
  if (analysis.busy) throw new HttpError(503, "analysis_busy", "every analysis worker is busy with other routers; retry in a few seconds", { retryAfter: 5 });
  const findings = [...analysis.findings];
  return reply({ revision: loaded.revision, ...countFindings(findings), findings }, { etag: loaded.revision });
});

import { HttpError, reply, route } from "@/lib/http/handler";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routerParamsSchema, simulateSchema } from "@/lib/routers/schema";
import { simulate } from "@/lib/routers/simulate";

/** Decide one request (with a full trace) or up to 10 000 (with a per-route summary), against the draft or the active version. It changes nothing, so viewers and read tokens may call it. */
export const POST = route({ access: { project: "viewer" }, params: routerParamsSchema, body: simulateSchema, maxBodyBytes: 8 * 1024 * 1024 }, async ({ db, access, params, body }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  let doc = loaded.document;
  if (body.version === "active") {
    if (!loaded.activeVersionId) throw new HttpError(409, "not_deployed", `router '${params.router}' has no active version yet`);
    const v = await db.version.findUniqueOrThrow({ where: { id: loaded.activeVersionId } });
    doc = storedRouterDocumentSchema.parse(v.document);
  }
  return reply(simulate(doc, body.request !== undefined ? { request: body.request } : { requests: body.requests ?? [] }));
});

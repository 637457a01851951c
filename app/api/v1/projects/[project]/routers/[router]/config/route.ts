import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { replaceConfig } from "@/lib/routers/commands";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routerConfigSchema, routerParamsSchema } from "@/lib/routers/schema";

/** The router's draft as one router document; the ETag is its revision. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  return reply(loaded.document, { etag: loaded.revision });
});

/** Replace the whole draft. If-Match is required: a stale revision gets 412 and changes nothing. */
export const PUT = route({ access: { project: "editor" }, params: routerParamsSchema, body: routerConfigSchema }, async (x) => {
  const saved = await replaceConfig(draftCtx(x, true), x.body);
  return reply(saved.document, { etag: saved.revision });
});

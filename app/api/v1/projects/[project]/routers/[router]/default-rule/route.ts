import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { replaceDefaultRule } from "@/lib/routers/commands";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { defaultRuleUpdateSchema, routerParamsSchema } from "@/lib/routers/schema";

export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  return reply(loaded.document.defaultRule ?? null, { etag: loaded.revision });
});

/** Replace the default rule's strategy, split and shadows (it has no conditions). */
export const PUT = route({ access: { project: "editor" }, params: routerParamsSchema, body: defaultRuleUpdateSchema }, async (x) => {
  const saved = await replaceDefaultRule(draftCtx(x), x.body);
  return reply(saved.document.defaultRule, { etag: saved.revision });
});

import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { createRule } from "@/lib/routers/commands";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routerParamsSchema, ruleCreateSchema } from "@/lib/routers/schema";

/** The rules in priority order, then the default rule. */
export const GET = route({ access: { project: "viewer" }, params: routerParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  return reply({ items: loaded.document.rules, defaultRule: loaded.document.defaultRule ?? null }, { etag: loaded.revision });
});

/** Add a rule, last by default or at `position` (0 = first). */
export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: ruleCreateSchema }, async (x) => {
  const { position, ...rule } = x.body;
  const saved = await createRule(draftCtx(x), rule, position);
  return reply(saved.document.rules.find((r) => r.name === rule.name), { status: 201, etag: saved.revision });
});

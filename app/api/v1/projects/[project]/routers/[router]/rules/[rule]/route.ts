import { NotFoundError } from "@/lib/errors";
import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { deleteRule, replaceRule } from "@/lib/routers/commands";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { ruleParamsSchema, ruleUpdateSchema } from "@/lib/routers/schema";

export const GET = route({ access: { project: "viewer" }, params: ruleParamsSchema }, async ({ db, access, params }) => {
  const loaded = await loadRouterDocument(db, access!.project.id, params.router);
  const index = loaded.document.rules.findIndex((r) => r.name === params.rule);
  if (index < 0) throw new NotFoundError("rule", params.rule);
  return reply({ ...loaded.document.rules[index]!, position: index }, { etag: loaded.revision });
});

/** Replace the rule (its name may change; its position stays). */
export const PUT = route({ access: { project: "editor" }, params: ruleParamsSchema, body: ruleUpdateSchema }, async (x) => {
  const saved = await replaceRule(draftCtx(x), x.params.rule, x.body);
  return reply(saved.document.rules.find((r) => r.name === x.body.name), { etag: saved.revision });
});

export const DELETE = route({ access: { project: "editor" }, params: ruleParamsSchema }, async (x) => {
  const saved = await deleteRule(draftCtx(x), x.params.rule);
  return reply(undefined, { status: 204, etag: saved.revision });
});

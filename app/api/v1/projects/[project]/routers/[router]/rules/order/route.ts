import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { setRuleOrder } from "@/lib/routers/commands";
import { routerParamsSchema, ruleOrderSchema } from "@/lib/routers/schema";

/** Set the priority order: every rule exactly once (the default rule stays last). */
export const PUT = route({ access: { project: "editor" }, params: routerParamsSchema, body: ruleOrderSchema }, async (x) => {
  const saved = await setRuleOrder(draftCtx(x), x.body.order);
  return reply({ order: saved.document.rules.map((r) => r.name) }, { etag: saved.revision });
});

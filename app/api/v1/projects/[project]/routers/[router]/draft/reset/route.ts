import { draftCtx } from "@/lib/http/draft-context";
import { reply, route } from "@/lib/http/handler";
import { resetDraft } from "@/lib/routers/draft-reset";
import { draftResetSchema, routerParamsSchema } from "@/lib/routers/schema";

/** Reset the draft to a version (the active one by default) in one audited draft write; the project's audiences keep their current definitions. With `dryRun`, or when the draft already equals the version, nothing is written (`applied: false`). 409 `not_deployed` without a version to reset to. */
export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: draftResetSchema }, async (x) => {
  const { revision, ...result } = await resetDraft(draftCtx(x), x.body);
  return reply(result, { etag: revision });
});

import { reply, route } from "@/lib/http/handler";
import { runReplay } from "@/lib/replay/run";
import { replayBodySchema } from "@/lib/replay/schema";
import { routerParamsSchema } from "@/lib/routers/schema";

/** Replay the router's recorded requests through two documents (the active version and the draft by default): which requests change route, rule hits, new errors with examples, sticky keys moved, projected load, and the fields that were not recorded. */
export const POST = route({ access: { project: "editor" }, params: routerParamsSchema, body: replayBodySchema }, async ({ db, access, params, body }) =>
  reply(await runReplay(db, access!.project.id, params.router, body)),
);

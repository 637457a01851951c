import { reply, route } from "@/lib/http/handler";
import { projectParamsSchema } from "@/lib/projects/schema";
import { listProjectRollouts } from "@/lib/rollouts/repo";
import { rolloutListQuerySchema } from "@/lib/rollouts/schema";

/** Every rollout of the project's routers, newest first; `status=active` for those in progress. */
export const GET = route({ access: { project: "viewer" }, params: projectParamsSchema, query: rolloutListQuerySchema }, async ({ db, access, query }) =>
  reply(await listProjectRollouts(db, access!.project.id, query)),
);

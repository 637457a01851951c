import { listEvents } from "@/lib/audit/events";
import { eventsQuerySchema } from "@/lib/auth/schema";
import { reply, route } from "@/lib/http/handler";
import { projectParamsSchema } from "@/lib/projects/schema";

/** The project's audit log, newest first; filter by actor, target, action and time; paginate with `cursor`. */
export const GET = route({ access: { project: "viewer" }, params: projectParamsSchema, query: eventsQuerySchema }, async ({ db, query, access }) =>
  reply(await listEvents(db, access!.project.id, query)),
);

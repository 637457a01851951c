import { listAllEvents } from "@/lib/audit/events";
import { globalEventsQuerySchema } from "@/lib/auth/schema";
import { reply, route } from "@/lib/http/handler";

/** Every audit event (administrators): all projects, deleted ones included, and user changes; the project log's filters plus `project`. */
export const GET = route({ access: "admin", query: globalEventsQuerySchema }, async ({ db, query }) => reply(await listAllEvents(db, query)));

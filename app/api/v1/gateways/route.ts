import { listGateways } from "@/lib/fleet/repo";
import { reply, route } from "@/lib/http/handler";

/** Every registered gateway: its heartbeat, state (live, stale, stopped) and whether it serves each router's active version. */
export const GET = route({ access: "admin" }, async ({ db }) => reply(await listGateways(db)));

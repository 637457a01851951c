import { rolloutActionRoute } from "@/lib/rollouts/action-route";

/** Pause a running rollout: it stops advancing, but its gates are still evaluated and a failing canary is still aborted. */
export const POST = rolloutActionRoute("pause");

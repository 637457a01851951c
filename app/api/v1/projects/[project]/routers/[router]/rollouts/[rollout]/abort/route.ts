import { rolloutActionRoute } from "@/lib/rollouts/action-route";

/** Abort the rollout: the version active before it started is deployed again, slot tables included, so every sticky key is back on its original route. */
export const POST = rolloutActionRoute("abort");

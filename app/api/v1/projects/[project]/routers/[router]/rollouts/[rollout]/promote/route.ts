import { rolloutActionRoute } from "@/lib/rollouts/action-route";

/** Skip to the end: the last step's weights are deployed at once and the rollout completes. */
export const POST = rolloutActionRoute("promote");

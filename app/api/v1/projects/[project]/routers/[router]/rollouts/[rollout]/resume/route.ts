import { rolloutActionRoute } from "@/lib/rollouts/action-route";

/** Resume a paused rollout; a step that waited for approval is approved and advances once its gates pass. */
export const POST = rolloutActionRoute("resume");

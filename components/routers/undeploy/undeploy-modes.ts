import type { UndeployMode } from "@/lib/routers/undeploy";

/** How the wizard names and explains each of the API's redistribution modes. */
export const MODE_TEXT: Record<UndeployMode, { label: string; hint: string }> = {
  proportional: { label: "Proportional", hint: "Each remaining route grows in proportion to its current weight (70/20/10 without the 10 becomes 77.78/22.22)." },
  even: { label: "Even", hint: "The removed weight is shared equally between the remaining routes of each rule." },
  manual: { label: "Manual", hint: "You set the new weights of each rule; they must add up to 100." },
};

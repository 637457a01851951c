/** The router page's tabs, in order; `?tab=` names one (Rules, the first, is the default). */
export const ROUTER_TABS = ["rules", "routes", "simulator", "traffic", "rollouts", "history", "settings"] as const;
export type RouterTabName = (typeof ROUTER_TABS)[number];

export function tabFrom(value: string | string[] | undefined): RouterTabName {
  const v = Array.isArray(value) ? value[0] : value;
  return ROUTER_TABS.find((t) => t === v) ?? "rules";
}

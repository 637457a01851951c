import { GaugeIcon } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";

/**
 * "Roll out" on a rule card: opens the router's Rollouts tab with the wizard on that rule. A
 * full navigation on purpose: the tab and the wizard are chosen by the page from the URL.
 */
export function StartRolloutLink({ rule, label }: { rule: string; label: string }) {
  return (
    <a href={`?tab=rollouts&rollout=${encodeURIComponent(rule)}`} className={buttonVariants({ variant: "ghost", size: "sm" })} aria-label={label}>
      <GaugeIcon aria-hidden="true" />
      Roll out
    </a>
  );
}

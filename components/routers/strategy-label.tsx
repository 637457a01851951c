import { KeyRoundIcon, ShuffleIcon } from "lucide-react";
import type { Strategy } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";

const DESCRIPTIONS: Record<Strategy, string> = {
  random: "each request draws a route independently",
  sticky: "the same key always reaches the same route",
};

export function StrategyBadge({ strategy }: { strategy: Strategy }) {
  const Icon = strategy === "sticky" ? KeyRoundIcon : ShuffleIcon;
  return (
    <Badge variant="outline" title={DESCRIPTIONS[strategy]}>
      <Icon aria-hidden="true" />
      {strategy}
    </Badge>
  );
}

export function strategyDescription(strategy: Strategy): string {
  return DESCRIPTIONS[strategy];
}

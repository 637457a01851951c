"use client";

import * as React from "react";
import { KeyRoundIcon } from "lucide-react";
import type { RouterDocument, SplitEntry, Strategy } from "@/lib/router/document";
import { stickyImpact } from "@/lib/routers/sticky-impact";
import { formatPercent } from "@/components/common/format";
import { cn } from "@/lib/utils/cn";

type StickyImpactNoteProps = {
  /** The name the rule will be deployed under; null for the default rule. */
  rule: string | null;
  strategy: Strategy;
  split: SplitEntry[];
  active: { loading: boolean; error: unknown; number: number | null; document: RouterDocument | null };
};

/**
 * "N % of sticky users will change route": what deploying this split would move, against
 * the active version's slot table for the rule of the same name (lib/routers/sticky-impact).
 */
export function StickyImpactNote({ rule, strategy, split, active }: StickyImpactNoteProps) {
  const impact = React.useMemo(
    () => (active.loading || active.error ? null : stickyImpact(active.number === null ? null : active.document, rule, { strategy, split })),
    [active.loading, active.error, active.number, active.document, rule, strategy, split],
  );
  if (strategy !== "sticky" && impact?.kind !== "stops-sticky") return null;
  let text: React.ReactNode;
  let emphasis = false;
  if (active.loading) text = "Comparing with the active version…";
  else if (active.error || impact === null) text = "The active version could not be loaded, so the effect on sticky users is unknown.";
  else {
    switch (impact.kind) {
      case "moves":
        emphasis = impact.share > 0;
        text = (
          <>
            <strong className="tabular-nums">{formatPercent(Math.round(impact.share * 10_000) / 100)}</strong> of sticky users will change route when this is deployed
            (compared with version {active.number}; only the minimum moves).
          </>
        );
        break;
      case "not-deployed":
        text = "Nothing is deployed yet, so no sticky user has a route to lose.";
        break;
      case "new-sticky":
        text = `This split is not sticky in version ${active.number}: keys get their routes when you deploy.`;
        break;
      case "stops-sticky":
        emphasis = true;
        text = `Random instead of sticky: users no longer keep the route they have in version ${active.number}.`;
        break;
      case "invalid":
        text = "Give the split weights that add up to 100 % to see how many sticky users would move.";
        break;
      default:
        return null;
    }
  }
  return (
    <p
      data-testid="sticky-impact"
      role="status"
      className={cn("flex items-start gap-2 rounded-md border px-3 py-2 text-sm", emphasis ? "border-warning/40 bg-warning/10" : "bg-muted/40 text-muted-foreground")}
    >
      <KeyRoundIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <span>{text}</span>
    </p>
  );
}

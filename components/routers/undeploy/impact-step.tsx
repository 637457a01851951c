import type { RouteUse } from "@/lib/routers/edits";
import { Badge } from "@/components/ui/badge";
import { formatPercent } from "@/components/common/format";
import type { RouteColors } from "@/components/routers/route-colors";
import { ruleLabel } from "@/components/routers/routes/usage";
import { SplitBar } from "@/components/routers/split-bar";
import { StrategyBadge } from "@/components/routers/strategy-label";

/** Step 2: the rules and shadows that use the route, and where it is a rule's only route. */
export function ImpactStep({ route, uses, colors }: { route: string; uses: RouteUse[]; colors: RouteColors }) {
  if (uses.length === 0) {
    return <p className="text-sm text-muted-foreground">No rule or shadow uses {route}: undeploying only removes it from the route list.</p>;
  }
  const only = uses.filter((u) => u.only).length;
  const shadows = uses.filter((u) => u.shadowPercent !== null).length;
  return (
    <section className="flex flex-col gap-3" aria-label={`Impact of undeploying ${route}`}>
      <p className="text-sm">
        <span className="font-mono font-medium">{route}</span> is used by {uses.length} {uses.length === 1 ? "rule" : "rules"}
        {shadows > 0 ? `, as a shadow in ${shadows}` : ""}
        {only > 0 ? `; it is the only route of ${only}, which will need a replacement` : ""}.
      </p>
      <ul className="flex flex-col gap-2">
        {uses.map((u) => (
          <li key={u.rule} className="flex flex-col gap-2 rounded-md border px-3 py-2" data-testid={`impact-${u.rule}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm font-medium">{ruleLabel(u.rule)}</span>
              <StrategyBadge strategy={u.body.strategy} />
              {u.only ? <Badge variant="destructive">only route</Badge> : null}
              {u.inSplit ? <Badge variant="outline">{formatPercent(u.weight)} of its traffic</Badge> : null}
              {u.shadowPercent !== null ? <Badge variant="secondary">shadow {formatPercent(u.shadowPercent)} (removed)</Badge> : null}
            </div>
            <SplitBar split={u.body.split} shadows={u.body.shadows} colors={colors} />
          </li>
        ))}
      </ul>
    </section>
  );
}

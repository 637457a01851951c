import type { SplitEntry } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { formatPercent } from "@/components/common/format";
import type { UndeployResult } from "@/components/routers/queries/types";
import type { RouteColors } from "@/components/routers/route-colors";
import { ruleLabel } from "@/components/routers/routes/usage";
import { SplitBar } from "@/components/routers/split-bar";
import { StrategyBadge } from "@/components/routers/strategy-label";
import { IdleShadowWarning } from "./idle-shadow-warning";

const splitText = (split: SplitEntry[]) => split.map((s) => `${s.route} ${formatPercent(s.weight)}`).join(" · ");
const shadowsText = (shadows: { route: string; percent: number }[]) => shadows.map((s) => `${s.route} ${formatPercent(s.percent)}`).join(", ");

/** Step 4: the dry run — weights before and after per rule, sticky keys moved, and shadows that would never fire. */
export function PreviewStep({ result, colors }: { result: UndeployResult; colors: RouteColors }) {
  return (
    <>
      <IdleShadowWarning rules={result.rules} />
      <PreviewTable result={result} colors={colors} />
    </>
  );
}

function PreviewTable({ result, colors }: { result: UndeployResult; colors: RouteColors }) {
  if (result.rules.length === 0) return <p className="text-sm text-muted-foreground">No rule changes: the route is only removed from the route list.</p>;
  return (
    <div className="overflow-x-auto rounded-md border" data-testid="undeploy-preview">
      <table className="w-full text-sm">
        <caption className="sr-only">Weights before and after the undeploy, per rule</caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Rule
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Before
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              After
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Sticky keys moved
            </th>
          </tr>
        </thead>
        <tbody>
          {result.rules.map((r) => (
            <tr key={r.rule} className="border-b align-top last:border-0" data-testid={`preview-rule-${r.rule}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <div className="flex flex-col gap-1">
                  <span className="font-mono font-medium">{ruleLabel(r.rule)}</span>
                  <StrategyBadge strategy={r.strategy} />
                  {r.replaced ? <Badge variant="warning">replaced</Badge> : null}
                </div>
              </th>
              <td className="px-3 py-2" data-testid="preview-before">
                <div className="flex flex-col gap-1">
                  <SplitBar split={r.before} shadows={[]} colors={colors} />
                  {r.shadowsBefore.length ? <span className="text-xs text-muted-foreground">shadows: {shadowsText(r.shadowsBefore)}</span> : null}
                </div>
              </td>
              <td className="px-3 py-2" data-testid="preview-after">
                <div className="flex flex-col gap-1">
                  <SplitBar split={r.after} shadows={[]} colors={colors} />
                  <span className="sr-only">{splitText(r.after)}</span>
                  {r.shadowsBefore.length ? (
                    <span className="text-xs text-muted-foreground">shadows: {r.shadowsAfter.length ? shadowsText(r.shadowsAfter) : "none"}</span>
                  ) : null}
                </div>
              </td>
              <td className="px-3 py-2 tabular-nums" data-testid="preview-sticky">
                {r.strategy === "sticky" ? (
                  <span>
                    <span className="font-semibold">{formatPercent(Math.round(r.stickyMoved * 10_000) / 100)}</span>
                    <span className="text-muted-foreground"> of keys change route</span>
                  </span>
                ) : (
                  <span className="text-muted-foreground">random: no sticky keys</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

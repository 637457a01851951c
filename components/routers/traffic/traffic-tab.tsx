"use client";

import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ActivityIcon } from "lucide-react";
import { useTraffic } from "@/components/routers/queries/use-traffic";
import { routeColors } from "@/components/routers/route-colors";
import { useRouterDraft } from "@/components/routers/rules/queries/use-router-draft";
import { RuleDialog, type RuleDialogMode } from "@/components/routers/rules/rule-dialog";
import { agreementPoints, recordSnapshot, shadowKey, useAgreementHistory } from "./agreement-history";
import { DisagreementsPanel } from "./disagreements-panel";
import { ShadowComparisonCard } from "./shadow-comparison-card";

const pct = (n: number) => `${n.toFixed(n >= 10 || n === 0 ? 1 : 2)} %`;

/**
 * Actual traffic per rule and route (from the gateway's metrics) against the configured
 * weights; per shadow, how its answers compared with the primary's, over time; and the
 * disagreements the gateway stored. Editors promote a shadow to a canary from here.
 */
export function TrafficTab({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const query = useTraffic(project, router);
  const draft = useRouterDraft(project, router);
  const [promoting, setPromoting] = React.useState<RuleDialogMode | null>(null);
  const historyKey = `${project}/${router}`;
  const history = useAgreementHistory(historyKey);
  const view = query.data;
  React.useEffect(() => {
    if (view?.reachable) recordSnapshot(historyKey, query.dataUpdatedAt, view.comparisons);
  }, [historyKey, view, query.dataUpdatedAt]);
  const doc = draft.data?.data;
  const colors = React.useMemo(() => routeColors(doc?.routes.map((r) => r.name) ?? []), [doc?.routes]);

  if (query.isPending) return <Skeleton className="h-40 w-full" />;
  if (query.isError || view === undefined) return <p role="alert" className="text-sm text-destructive">Could not load the traffic: {query.error?.message}</p>;
  if (!view.reachable) {
    return (
      <div className="flex flex-col gap-4">
        <EmptyState icon={ActivityIcon} title="The gateway is not reachable">
          <p>
            Turnout reads live traffic from the gateway&apos;s metrics at <code className="font-mono">{view.gatewayUrl}/metrics</code> ({view.error}). Start it
            with <code className="font-mono">npm run gateway</code>, or set <code className="font-mono">TURNOUT_GATEWAY_URL</code> for the console.
          </p>
        </EmptyState>
        <DisagreementsPanel project={project} router={router} canEdit={canEdit} />
      </div>
    );
  }
  const refused = Object.entries(view.refused);
  const promote = (rule: string, route: string) => {
    // Only a rule the draft still has (by name) can take the canary.
    if (rule === "default") return doc?.defaultRule ? () => setPromoting({ kind: "default", promote: route }) : null;
    return doc?.rules.some((r) => r.name === rule) ? () => setPromoting({ kind: "edit", name: rule, promote: route }) : null;
  };
  return (
    <div className="flex flex-col gap-4" data-testid="traffic-tab">
      <p className="text-sm text-muted-foreground">
        {view.routed.toLocaleString()} requests routed since the gateway started
        {view.servedVersion !== null ? `, serving version ${view.servedVersion}` : ""}.{" "}
        {refused.length > 0 ? `Answered by the gateway itself: ${refused.map(([status, n]) => `${n} × ${status}`).join(", ")}.` : null}
      </p>
      {view.rules.map((rule) => (
        <Card key={rule.rule} className="p-4" data-testid={`traffic-rule-${rule.rule}`}>
          <h3 className="mb-2 text-sm font-semibold">
            {rule.rule === "default" ? "Default rule" : rule.rule} <span className="font-normal text-muted-foreground">· {rule.routed.toLocaleString()} requests</span>
          </h3>
          <table className="w-full text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th scope="col" className="py-1 font-medium">Route</th>
                <th scope="col" className="py-1 font-medium">Configured</th>
                <th scope="col" className="py-1 font-medium">Actual</th>
                <th scope="col" className="py-1 font-medium">Requests</th>
              </tr>
            </thead>
            <tbody>
              {rule.routes.map((r) => (
                <tr key={r.route} className="border-t">
                  <td className="py-1 font-mono">{r.route}</td>
                  <td className="py-1">{pct(r.configured)}</td>
                  <td className="py-1">
                    <span className="inline-flex items-center gap-2">
                      <span aria-hidden="true" className="relative inline-block h-2 w-32 rounded bg-muted">
                        <span className="absolute inset-y-0 left-0 rounded bg-primary" style={{ width: `${Math.min(100, r.actual)}%` }} />
                        <span className="absolute inset-y-[-2px] w-0.5 bg-foreground" style={{ left: `${Math.min(100, r.configured)}%` }} />
                      </span>
                      {rule.routed > 0 ? pct(r.actual) : "—"}
                    </span>
                  </td>
                  <td className="py-1">{r.requests.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ))}
      {view.comparisons.length > 0 ? (
        <section className="flex flex-col gap-3" aria-labelledby="shadows-heading">
          <h3 id="shadows-heading" className="text-sm font-semibold">
            Shadows
          </h3>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Shadow requests per route">
            {view.shadows.map((s) => (
              <li key={s.route}>
                <span className="font-mono text-foreground">{s.route}</span>: {s.sent.toLocaleString()} sent
                {s.dropped > 0 ? <Badge variant="warning" className="ml-1">{s.dropped} dropped</Badge> : null}
              </li>
            ))}
          </ul>
          {view.comparisons.map((c) => (
            <ShadowComparisonCard
              key={`${c.rule}/${c.route}`}
              comparison={c}
              points={agreementPoints(history, shadowKey(c.rule, c.route))}
              onPromote={canEdit && c.percent !== null ? promote(c.rule, c.route) : null}
            />
          ))}
        </section>
      ) : null}
      <DisagreementsPanel project={project} router={router} canEdit={canEdit} />
      {canEdit && doc ? <RuleDialog project={project} router={router} doc={doc} colors={colors} mode={promoting} onOpenChange={(open) => !open && setPromoting(null)} /> : null}
    </div>
  );
}

"use client";

import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { ActivityIcon } from "lucide-react";
import { RouterGateways } from "@/components/routers/gateways/router-gateways";
import { useTraffic } from "@/components/routers/queries/use-traffic";
import { routeColors } from "@/components/routers/route-colors";
import { useRouterDraft } from "@/components/routers/rules/queries/use-router-draft";
import { RuleDialog, type RuleDialogMode } from "@/components/routers/rules/rule-dialog";
import type { TrafficWindow } from "@/lib/fleet/router-metrics";
import { agreementPoints, recordSnapshot, shadowKey, useAgreementHistory } from "./agreement-history";
import { DisagreementsPanel } from "./disagreements-panel";
import { RuleTrafficCard } from "./rule-traffic-card";
import { ShadowComparisonCard } from "./shadow-comparison-card";

const count = (n: number) => Math.round(n).toLocaleString();

const WINDOWS: { value: TrafficWindow | "start"; label: string; text: string }[] = [
  { value: "start", label: "Since the gateways started", text: "since the gateways started" },
  { value: "1m", label: "Last minute", text: "in the last minute" },
  { value: "5m", label: "Last 5 minutes", text: "in the last 5 minutes" },
  { value: "15m", label: "Last 15 minutes", text: "in the last 15 minutes" },
  { value: "1h", label: "Last hour", text: "in the last hour" },
];

/**
 * Actual traffic of every gateway per rule and route against the configured weights, with
 * errors and p95 latency; per shadow, how its answers compared with the primary's, over
 * time; and the disagreements the gateways stored. Editors promote a shadow to a canary here.
 */
export function TrafficTab({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const [window, setWindow] = React.useState<TrafficWindow | "start">("start");
  const selectId = React.useId();
  const query = useTraffic(project, router, window === "start" ? null : window);
  const draft = useRouterDraft(project, router);
  const [promoting, setPromoting] = React.useState<RuleDialogMode | null>(null);
  const view = query.data;
  // One history per window: cumulative counts since start, a rolling window's otherwise.
  const historyKey = `${project}/${router}/${view?.window ?? "start"}`;
  const history = useAgreementHistory(historyKey);
  React.useEffect(() => {
    if (view?.reachable) recordSnapshot(historyKey, query.dataUpdatedAt, view.comparisons);
  }, [historyKey, view, query.dataUpdatedAt]);
  const doc = draft.data?.data;
  const colors = React.useMemo(() => routeColors(doc?.routes.map((r) => r.name) ?? []), [doc?.routes]);

  const picker = (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={selectId} className="text-muted-foreground">
        Requests
      </label>
      <NativeSelect id={selectId} value={window} onChange={(e) => setWindow(e.target.value as TrafficWindow | "start")} className="w-64">
        {WINDOWS.map((w) => (
          <option key={w.value} value={w.value}>
            {w.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
  if (query.isPending) return <Skeleton className="h-40 w-full" />;
  if (query.isError || view === undefined) return <p role="alert" className="text-sm text-destructive">Could not load the traffic: {query.error?.message}</p>;
  if (!view.reachable) {
    return (
      <div className="flex flex-col gap-4">
        {picker}
        <EmptyState icon={ActivityIcon} title="Prometheus is not reachable">
          <p>
            The console reads the fleet&apos;s traffic from Prometheus (<code className="font-mono">TURNOUT_PROMETHEUS_URL</code>): {view.error}. Unset it to read the
            gateways&apos; heartbeats instead.
          </p>
        </EmptyState>
        <DisagreementsPanel project={project} router={router} canEdit={canEdit} />
        <RouterGateways project={project} router={router} />
      </div>
    );
  }
  if (view.gateways === 0 && view.routed === 0) {
    return (
      <div className="flex flex-col gap-4" data-testid="traffic-tab">
        {picker}
        <EmptyState icon={ActivityIcon} title="No gateway reports traffic">
          <p>
            {view.source === "prometheus"
              ? "Prometheus has no series from a gateway serving this router: check that it scrapes every gateway's /metrics."
              : "No live gateway has registered. Start one with npm run gateway against this console's database; its heartbeats carry the traffic it serves."}
          </p>
        </EmptyState>
        <DisagreementsPanel project={project} router={router} canEdit={canEdit} />
        <RouterGateways project={project} router={router} />
      </div>
    );
  }
  const refused = Object.entries(view.refused);
  const when = WINDOWS.find((w) => w.value === (view.window ?? "start"))!.text;
  const promote = (rule: string, route: string) => {
    // Only a rule the draft still has (by name) can take the canary.
    if (rule === "default") return doc?.defaultRule ? () => setPromoting({ kind: "default", promote: route }) : null;
    return doc?.rules.some((r) => r.name === rule) ? () => setPromoting({ kind: "edit", name: rule, promote: route }) : null;
  };
  return (
    <div className="flex flex-col gap-4" data-testid="traffic-tab">
      {picker}
      <p className="text-sm text-muted-foreground" data-testid="traffic-summary">
        {count(view.routed)} requests routed {when} by {view.gateways === 1 ? "1 gateway" : `${view.gateways} gateways`} (from{" "}
        {view.source === "prometheus" ? "Prometheus" : "their heartbeats"}).{" "}
        {refused.length > 0 ? `Answered by the gateway itself: ${refused.map(([status, n]) => `${count(n)} × ${status}`).join(", ")}.` : null}
      </p>
      {view.rules.map((rule) => (
        <RuleTrafficCard key={rule.rule} rule={rule} />
      ))}
      {view.comparisons.length > 0 ? (
        <section className="flex flex-col gap-3" aria-labelledby="shadows-heading">
          <h3 id="shadows-heading" className="text-sm font-semibold">
            Shadows
          </h3>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Shadow requests per route">
            {view.shadows.map((s) => (
              <li key={s.route}>
                <span className="font-mono text-foreground">{s.route}</span>: {count(s.sent)} sent
                {s.dropped > 0 ? <Badge variant="warning" className="ml-1">{count(s.dropped)} dropped</Badge> : null}
              </li>
            ))}
          </ul>
          {view.comparisons.map((c) => (
            <ShadowComparisonCard
              key={`${c.rule}/${c.route}`}
              comparison={c}
              points={agreementPoints(history, shadowKey(c.rule, c.route), view.window === null)}
              onPromote={canEdit && c.percent !== null ? promote(c.rule, c.route) : null}
            />
          ))}
        </section>
      ) : null}
      <DisagreementsPanel project={project} router={router} canEdit={canEdit} />
      <RouterGateways project={project} router={router} />
      {canEdit && doc ? <RuleDialog project={project} router={router} doc={doc} colors={colors} mode={promoting} onOpenChange={(open) => !open && setPromoting(null)} /> : null}
    </div>
  );
}

"use client";

import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { ActivityIcon } from "lucide-react";
import { RouterGateways } from "@/components/routers/gateways/router-gateways";
import { useTraffic } from "@/components/routers/queries/use-traffic";
import type { TrafficWindow } from "@/lib/fleet/router-metrics";

const pct = (n: number) => `${n.toFixed(n >= 10 || n === 0 ? 1 : 2)} %`;
const count = (n: number) => Math.round(n).toLocaleString();
const ms = (seconds: number | null) => (seconds === null ? "—" : seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`);

const WINDOWS: { value: TrafficWindow | "start"; label: string; text: string }[] = [
  { value: "start", label: "Since the gateways started", text: "since the gateways started" },
  { value: "1m", label: "Last minute", text: "in the last minute" },
  { value: "5m", label: "Last 5 minutes", text: "in the last 5 minutes" },
  { value: "15m", label: "Last 15 minutes", text: "in the last 15 minutes" },
  { value: "1h", label: "Last hour", text: "in the last hour" },
];

/** Actual traffic of every gateway, per rule and route, against the configured weights, with errors, p95 latency and shadow agreement. */
export function TrafficTab({ project, router }: { project: string; router: string }) {
  const [window, setWindow] = useState<TrafficWindow | "start">("start");
  const selectId = useId();
  const query = useTraffic(project, router, window === "start" ? null : window);
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
  if (query.isError) return <p role="alert" className="text-sm text-destructive">Could not load the traffic: {query.error.message}</p>;
  const view = query.data;
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
        <RouterGateways project={project} router={router} />
      </div>
    );
  }
  const refused = Object.entries(view.refused);
  const when = WINDOWS.find((w) => w.value === (view.window ?? "start"))!.text;
  return (
    <div className="flex flex-col gap-4" data-testid="traffic-tab">
      {picker}
      <p className="text-sm text-muted-foreground" data-testid="traffic-summary">
        {count(view.routed)} requests routed {when} by {view.gateways === 1 ? "1 gateway" : `${view.gateways} gateways`} (from{" "}
        {view.source === "prometheus" ? "Prometheus" : "their heartbeats"}).{" "}
        {refused.length > 0 ? `Answered by the gateway itself: ${refused.map(([status, n]) => `${count(n)} × ${status}`).join(", ")}.` : null}
      </p>
      {view.rules.map((rule) => (
        <Card key={rule.rule} className="p-4" data-testid={`traffic-rule-${rule.rule}`}>
          <h3 className="mb-2 text-sm font-semibold">
            {rule.rule === "default" ? "Default rule" : rule.rule} <span className="font-normal text-muted-foreground">· {count(rule.routed)} requests</span>
          </h3>
          <table className="w-full text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th scope="col" className="py-1 font-medium">Route</th>
                <th scope="col" className="py-1 font-medium">Configured</th>
                <th scope="col" className="py-1 font-medium">Actual</th>
                <th scope="col" className="py-1 font-medium">Requests</th>
                <th scope="col" className="py-1 font-medium">Errors</th>
                <th scope="col" className="py-1 font-medium">p95</th>
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
                  <td className="py-1">{count(r.requests)}</td>
                  <td className="py-1">{r.errors > 0 ? <Badge variant="destructive">{count(r.errors)}</Badge> : "0"}</td>
                  <td className="py-1 tabular-nums">{ms(r.p95Seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ))}
      {view.shadows.length > 0 ? (
        <Card className="p-4">
          <h3 className="mb-2 text-sm font-semibold">Shadows</h3>
          <ul className="flex flex-col gap-1 text-sm">
            {view.shadows.map((s) => (
              <li key={s.route} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{s.route}</span>
                <span>{count(s.sent)} sent</span>
                {s.dropped > 0 ? <Badge variant="warning">{s.dropped} dropped</Badge> : null}
                {s.failed > 0 ? <Badge variant="destructive">{s.failed} failed</Badge> : null}
                <span>{s.agreement === null ? "no comparison yet" : `${pct(s.agreement * 100)} agree with the primary`}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <RouterGateways project={project} router={router} />
    </div>
  );
}

"use client";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { ActivityIcon } from "lucide-react";
import { useTraffic } from "@/components/routers/queries/use-traffic";

const pct = (n: number) => `${n.toFixed(n >= 10 || n === 0 ? 1 : 2)} %`;

/** Actual traffic per rule and route (from the gateway's metrics) against the configured weights, and shadow agreement. */
export function TrafficTab({ project, router }: { project: string; router: string }) {
  const query = useTraffic(project, router);
  if (query.isPending) return <Skeleton className="h-40 w-full" />;
  if (query.isError) return <p role="alert" className="text-sm text-destructive">Could not load the traffic: {query.error.message}</p>;
  const view = query.data;
  if (!view.reachable) {
    return (
      <EmptyState icon={ActivityIcon} title="The gateway is not reachable">
        <p>
          Turnout reads live traffic from the gateway&apos;s metrics at <code className="font-mono">{view.gatewayUrl}/metrics</code> ({view.error}). Start it
          with <code className="font-mono">npm run gateway</code>, or set <code className="font-mono">TURNOUT_GATEWAY_URL</code> for the console.
        </p>
      </EmptyState>
    );
  }
  const refused = Object.entries(view.refused);
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
      {view.shadows.length > 0 ? (
        <Card className="p-4">
          <h3 className="mb-2 text-sm font-semibold">Shadows</h3>
          <ul className="flex flex-col gap-1 text-sm">
            {view.shadows.map((s) => (
              <li key={s.route} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{s.route}</span>
                <span>{s.sent.toLocaleString()} sent</span>
                {s.dropped > 0 ? <Badge variant="warning">{s.dropped} dropped</Badge> : null}
                {s.failed > 0 ? <Badge variant="destructive">{s.failed} failed</Badge> : null}
                <span>{s.agreement === null ? "no comparison yet" : `${pct(s.agreement * 100)} agree with the primary`}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

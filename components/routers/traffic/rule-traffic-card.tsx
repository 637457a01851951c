"use client";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { RuleTrafficView } from "@/lib/gateway/traffic";

const pct = (n: number) => `${n.toFixed(n >= 10 || n === 0 ? 1 : 2)} %`;
const count = (n: number) => Math.round(n).toLocaleString();
const ms = (seconds: number | null) => (seconds === null ? "—" : seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`);

/** One rule's actual traffic per route against its configured weights, with errors and p95 latency. */
export function RuleTrafficCard({ rule }: { rule: RuleTrafficView }) {
  return (
    <Card className="p-4" data-testid={`traffic-rule-${rule.rule}`}>
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
  );
}

"use client";

import { ArrowUpRightIcon } from "lucide-react";
import type { ShadowComparisonView } from "@/lib/gateway/traffic";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { AgreementChart } from "./agreement-chart";
import type { AgreementPoint } from "./agreement-history";

const count = (n: number) => Math.round(n).toLocaleString();
const MODE_TEXT = { exact: "exact bytes", json: "same JSON", fields: "chosen fields" } as const;
const share = (n: number, of: number) => (of > 0 ? `${((n / of) * 100).toFixed(n === of || n === 0 ? 0 : 1)} %` : "—");
const latency = (s: number | undefined) => (s === undefined ? "—" : Math.abs(s) >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(Math.abs(s) < 0.01 ? 1 : 0)} ms`);
const signed = (s: number | undefined) => (s === undefined ? "—" : `${s > 0 ? "+" : ""}${latency(s)}`);

/** One shadow of one rule: agreement over time, by field, latencies against the primary's, errors, and Promote. */
export function ShadowComparisonCard({ comparison: c, points, onPromote }: { comparison: ShadowComparisonView; points: readonly AgreementPoint[]; onPromote: (() => void) | null }) {
  const { outcomes } = c;
  const disagreements = outcomes.disagree;
  const statusDiffers = c.byField.find((f) => f.field === "status")?.count ?? 0;
  const who = c.rule === "default" ? "the default rule" : `rule ${c.rule}`;
  return (
    <Card className="flex flex-col gap-3 p-4" data-testid={`shadow-comparison-${c.rule}-${c.route}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="flex flex-col gap-0.5">
          <h4 className="text-sm font-semibold">
            <span className="font-mono">{c.route}</span> <span className="font-normal text-muted-foreground">shadowing {who}</span>
          </h4>
          <p className="text-xs text-muted-foreground">
            {c.percent === null ? "No longer a shadow in the active version" : `${c.percent} % mirrored`}
            {c.mode ? ` · compared by ${MODE_TEXT[c.mode]}` : ""} · {count(c.compared)} compared
          </p>
        </div>
        {onPromote ? (
          <Button size="sm" variant="outline" onClick={onPromote} aria-label={`Promote ${c.route} to a canary of ${who}`}>
            <ArrowUpRightIcon aria-hidden="true" />
            Promote
          </Button>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="comparison-outcomes">
        <span className="text-lg font-semibold tabular-nums" data-testid="agreement">
          {c.agreement === null ? "—" : `${(c.agreement * 100).toFixed(c.agreement === 1 || c.agreement === 0 ? 0 : 1)} %`}
        </span>
        <span className="text-muted-foreground">agree</span>
        <Badge variant="success">{count(outcomes.agree)} agree</Badge>
        {disagreements > 0 ? <Badge variant="warning">{count(disagreements)} disagree</Badge> : null}
        {outcomes.not_comparable > 0 ? <Badge variant="secondary">{count(outcomes.not_comparable)} not comparable</Badge> : null}
        {outcomes.shadow_failed > 0 ? <Badge variant="destructive">{count(outcomes.shadow_failed)} shadow failed</Badge> : null}
        {outcomes.primary_failed > 0 ? <Badge variant="destructive">{count(outcomes.primary_failed)} primary failed</Badge> : null}
      </div>

      <AgreementChart points={points} label={`Agreement of ${c.route} with the primary`} />

      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <h5 className="mb-1 text-xs font-medium text-muted-foreground">Disagreement by field</h5>
          {c.byField.length === 0 ? (
            <p className="text-xs text-muted-foreground">No disagreement.</p>
          ) : (
            <ul className="flex flex-col gap-1 text-xs" data-testid="disagreement-by-field">
              {c.byField.map((f) => (
                <li key={f.field} className="grid grid-cols-[minmax(0,1fr)_6rem_3rem] items-center gap-2">
                  <span className="truncate font-mono" title={f.field}>
                    {f.field}
                  </span>
                  <span aria-hidden="true" className="relative h-2 rounded bg-muted">
                    <span className="absolute inset-y-0 left-0 rounded bg-warning" style={{ width: `${(f.count / Math.max(1, disagreements)) * 100}%` }} />
                  </span>
                  <span className="text-right tabular-nums">{count(f.count)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h5 className="mb-1 text-xs font-medium text-muted-foreground">Latency on the compared requests</h5>
          <table className="w-full text-xs" data-testid="comparison-latency">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th scope="col" className="font-medium" />
                <th scope="col" className="font-medium">p50</th>
                <th scope="col" className="font-medium">p95</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              <tr>
                <th scope="row" className="text-left font-normal">Primary</th>
                <td>{latency(c.latency.primary?.p50)}</td>
                <td>{latency(c.latency.primary?.p95)}</td>
              </tr>
              <tr>
                <th scope="row" className="text-left font-normal">Shadow</th>
                <td>{latency(c.latency.shadow?.p50)}</td>
                <td>{latency(c.latency.shadow?.p95)}</td>
              </tr>
              <tr>
                <th scope="row" className="text-left font-normal">Shadow − primary</th>
                <td>{signed(c.latency.delta?.p50)}</td>
                <td>{signed(c.latency.delta?.p95)}</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-1 text-xs text-muted-foreground" data-testid="comparison-errors">
            Errors: shadow failed {share(outcomes.shadow_failed, c.compared)}, status class differs {share(statusDiffers, c.compared)}, primary failed{" "}
            {share(outcomes.primary_failed, c.compared)}.
          </p>
        </div>
      </div>
    </Card>
  );
}

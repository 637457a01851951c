"use client";

import type { ReplayReport } from "@/lib/replay/schema";
import { growth, LOAD_GROWTH_WARNING, movedCells, ruleHitChanges } from "@/lib/replay/impact";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const count = (n: number) => n.toLocaleString("en-US");
export const share = (part: number, whole: number) => (whole === 0 ? "0 %" : `${((part / whole) * 100).toFixed(part > 0 && part / whole < 0.001 ? 3 : 1)} %`);
const rate = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A route, or `error:<code>` shown as an error badge. */
export function Destination({ value }: { value: string }) {
  return value.startsWith("error:") ? (
    <Badge variant="destructive">{value}</Badge>
  ) : (
    <span className="font-mono">{value}</span>
  );
}

/** Where requests went before and after; with `movedOnly`, only the cells that change. */
export function MatrixTable({ report, movedOnly = false, caption }: { report: Pick<ReplayReport, "matrix" | "total">; movedOnly?: boolean; caption: string }) {
  const cells = movedOnly ? movedCells(report) : [...report.matrix].sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count);
  if (cells.length === 0) return <p className="text-sm text-muted-foreground">No request changes route.</p>;
  return (
    <Table aria-label={caption} data-testid="replay-matrix">
      <TableHeader>
        <TableRow>
          <TableHead>From</TableHead>
          <TableHead>To</TableHead>
          <TableHead className="text-right">Requests</TableHead>
          <TableHead className="text-right">Share</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {cells.map((m) => (
          <TableRow key={`${m.from}→${m.to}`} data-moved={m.from !== m.to ? "true" : undefined} className={m.from !== m.to ? "bg-warning/5" : undefined}>
            <TableCell>
              <Destination value={m.from} />
            </TableCell>
            <TableCell>
              <Destination value={m.to} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{count(m.count)}</TableCell>
            <TableCell className="text-right tabular-nums text-muted-foreground">{share(m.count, report.total)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Hits per rule before and after; with `changedOnly`, only the rules whose hits change. */
export function RuleHitsTable({ report, changedOnly = false }: { report: Pick<ReplayReport, "rules">; changedOnly?: boolean }) {
  const rows = changedOnly ? ruleHitChanges(report) : report.rules.map((r) => ({ ...r, note: r.before > 0 && r.after === 0 ? "stops" : r.before === 0 && r.after > 0 ? "starts" : null }));
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">Every rule gets the same hits.</p>;
  return (
    <Table aria-label="Rule hits before and after" data-testid="replay-rules">
      <TableHeader>
        <TableRow>
          <TableHead>Rule</TableHead>
          <TableHead className="text-right">Before</TableHead>
          <TableHead className="text-right">After</TableHead>
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.rule}>
            <TableCell className="font-mono">{r.rule}</TableCell>
            <TableCell className="text-right tabular-nums">{count(r.before)}</TableCell>
            <TableCell className="text-right tabular-nums">{count(r.after)}</TableCell>
            <TableCell>
              {r.note === "stops" ? <Badge variant="warning">stops getting hits</Badge> : r.note === "starts" ? <Badge variant="secondary">starts getting hits</Badge> : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Projected requests per second per route; routes growing by more than 20 % are flagged. */
export function ProjectedLoadTable({ projected }: { projected: ReplayReport["projected"] }) {
  if (projected.length === 0) return <p className="text-sm text-muted-foreground">No projected load: the samples span less than a second.</p>;
  return (
    <Table aria-label="Projected requests per second" data-testid="replay-projected">
      <TableHeader>
        <TableRow>
          <TableHead>Route</TableHead>
          <TableHead className="text-right">Before (req/s)</TableHead>
          <TableHead className="text-right">After (req/s)</TableHead>
          <TableHead className="text-right">Change</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {projected.map((p) => {
          const g = growth(p.before, p.after);
          const warn = g === null || g > LOAD_GROWTH_WARNING;
          return (
            <TableRow key={p.route}>
              <TableCell className="font-mono">{p.route}</TableCell>
              <TableCell className="text-right tabular-nums">{rate(p.before)}</TableCell>
              <TableCell className="text-right tabular-nums">{rate(p.after)}</TableCell>
              <TableCell className="text-right">
                {g === null ? (
                  <Badge variant="warning">new load</Badge>
                ) : g === 0 ? (
                  <span className="text-muted-foreground">—</span>
                ) : (
                  <span className={warn ? "font-medium text-warning" : "text-muted-foreground"}>{`${g > 0 ? "+" : ""}${(g * 100).toFixed(0)} %`}</span>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** Fields a document reads that were not recorded: replayed decisions there are a guess. */
export function UncertainFields({ report, toLabel, fromLabel }: { report: Pick<ReplayReport, "uncertain" | "uncertainFrom">; toLabel: string; fromLabel: string }) {
  const rows = [...report.uncertain.map((u) => ({ ...u, by: toLabel })), ...report.uncertainFrom.map((u) => ({ ...u, by: fromLabel }))];
  if (rows.length === 0) return null;
  return (
    <div className="flex flex-col gap-1 rounded-md border border-warning/40 bg-warning/5 px-3 py-2 text-sm" data-testid="replay-uncertain">
      <p className="font-medium">Not recorded: decisions on these fields may differ for real requests</p>
      <ul className="flex flex-col gap-0.5">
        {rows.map((u) => (
          <li key={`${u.by}:${u.source}:${u.key}`}>
            {u.source} <span className="font-mono">{u.key}</span>, read by {u.by}: {(u.share * 100).toFixed(1)} % of samples ({count(u.samples)})
          </li>
        ))}
      </ul>
      <p className="text-xs text-muted-foreground">Add them to the recording fields in Settings (and deploy) to record them from now on.</p>
    </div>
  );
}

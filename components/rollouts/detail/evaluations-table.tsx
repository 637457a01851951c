import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import type { RolloutDetail } from "@/lib/rollouts/schema";

const VERDICT = { pass: "success", fail: "destructive", inconclusive: "secondary" } as const;

const figures = (s: { requests: number; errorRate: number | null; p95Ms: number | null } | null) =>
  s ? `${Math.round(s.requests * 100) / 100} req · ${s.errorRate ?? "—"} % err · p95 ${s.p95Ms ?? "—"} ms` : "—";

/** Every evaluation, newest first: its verdict, why, and the numbers it read. */
export function EvaluationsTable({ rollout }: { rollout: RolloutDetail }) {
  const labels = new Map(rollout.timeline.map((s) => [s.index, s.label]));
  const rows = [...rollout.evaluations].reverse();
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No evaluation yet: the first one comes {rollout.spec.gates.intervalSeconds} s into each stage.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Time</TableHead>
          <TableHead>Stage</TableHead>
          <TableHead>Verdict</TableHead>
          <TableHead>Why</TableHead>
          <TableHead>{rollout.baseline} (baseline)</TableHead>
          <TableHead>{rollout.canary} (canary)</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((e, i) => (
          <TableRow key={`${e.at}-${i}`} data-testid="evaluation-row">
            <TableCell>
              <Timestamp date={new Date(e.at)} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{labels.get(e.stage) ?? e.stage}</TableCell>
            <TableCell>
              <Badge variant={VERDICT[e.verdict]}>{e.verdict}</Badge>
            </TableCell>
            <TableCell className="max-w-md text-xs">{e.reason}</TableCell>
            <TableCell className="whitespace-nowrap text-xs">{figures(e.baseline)}</TableCell>
            <TableCell className="whitespace-nowrap text-xs">
              {figures(e.canary)}
              {e.shadow && e.shadow.compared > 0 ? ` · shadow ${e.shadow.agreement} % agree` : ""}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

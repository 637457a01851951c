import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import type { RolloutSummary } from "@/lib/rollouts/schema";
import { RolloutStatusBadge, stageText } from "./rollout-status";

/** Rollouts as rows linking to their pages; `showRouter` for the project-wide list. */
export function RolloutsTable({ project, items, showRouter = false }: { project: string; items: RolloutSummary[]; showRouter?: boolean }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Rollout</TableHead>
          {showRouter ? <TableHead>Router</TableHead> : null}
          <TableHead>Rule</TableHead>
          <TableHead>Canary</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Stage</TableHead>
          <TableHead>Versions</TableHead>
          <TableHead>Started</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((r) => (
          <TableRow key={`${r.router}/${r.id}`} data-testid="rollout-row">
            <TableCell>
              <Link className="font-medium underline-offset-4 hover:underline" href={`/projects/${project}/routers/${r.router}/rollouts/${r.id}`}>
                Rollout {r.id}
              </Link>
            </TableCell>
            {showRouter ? (
              <TableCell>
                <Link className="font-mono underline-offset-4 hover:underline" href={`/projects/${project}/routers/${r.router}`}>
                  {r.router}
                </Link>
              </TableCell>
            ) : null}
            <TableCell className="font-mono">{r.rule}</TableCell>
            <TableCell>
              <span className="font-mono">{r.baseline}</span> → <span className="font-mono">{r.canary}</span>
            </TableCell>
            <TableCell>
              <RolloutStatusBadge rollout={r} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{stageText(r)}</TableCell>
            <TableCell className="whitespace-nowrap">
              v{r.startVersion} → {r.currentVersion !== null ? `v${r.currentVersion}` : "—"}
            </TableCell>
            <TableCell>
              <Timestamp date={new Date(r.createdAt)} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

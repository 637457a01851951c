"use client";

import Link from "next/link";
import { SplitIcon } from "lucide-react";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { FindingsCount } from "@/components/routers/findings-list";
import { useRouters } from "@/components/routers/queries/use-routers";
import type { RouterSummary } from "@/components/routers/queries/types";

/** The routers of a project: what each serves, whether its draft differs, and its live findings. */
export function RoutersList({ project, projectTitle, canEdit, initialData }: { project: string; projectTitle: string; canEdit: boolean; initialData?: RouterSummary[] }) {
  const routers = useRouters(project, initialData);

  if (routers.isPending) return <LoadingRows what="routers" rows={["h-10", "h-10"]} />;
  if (routers.isError) return <LoadFailed what="routers" error={routers.error} onRetry={() => void routers.refetch()} />;
  if (routers.data.length === 0) {
    return (
      <EmptyState icon={SplitIcon} title="No routers yet">
        A router puts several model versions behind one endpoint and decides, request by request, which one answers.
        {canEdit ? " Create one with New router: it starts with one route; add more routes and rules afterwards." : " Ask an editor of this project to create one."}
      </EmptyState>
    );
  }
  return (
    <Table>
      <caption className="sr-only">Routers of {projectTitle}</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Router</TableHead>
          <TableHead>Active version</TableHead>
          <TableHead>Draft</TableHead>
          <TableHead>Findings</TableHead>
          <TableHead className="text-right">Routes</TableHead>
          <TableHead className="text-right">Rules</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {routers.data.map((r) => (
          <TableRow key={r.name} data-testid={`router-row-${r.name}`}>
            <TableCell>
              <div className="flex flex-col gap-0.5">
                <Link
                  href={`/projects/${project}/routers/${r.name}`}
                  className="w-fit rounded-sm font-mono font-medium underline decoration-muted-foreground/40 underline-offset-4 outline-none hover:decoration-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  {r.name}
                </Link>
                {r.description ? <span className="text-xs text-muted-foreground">{r.description}</span> : null}
              </div>
            </TableCell>
            <TableCell>
              {r.activeVersion !== null ? <span className="font-mono font-medium">v{r.activeVersion}</span> : <Badge variant="warning">not deployed</Badge>}
            </TableCell>
            <TableCell>
              {r.activeVersion === null ? (
                <span className="text-xs text-muted-foreground">draft only</span>
              ) : r.undeployedChanges ? (
                <Badge variant="warning">undeployed changes</Badge>
              ) : (
                <span className="text-xs text-muted-foreground">up to date</span>
              )}
            </TableCell>
            <TableCell>
              <FindingsCount errors={r.findings.errors} warnings={r.findings.warnings} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{r.routes}</TableCell>
            <TableCell className="text-right tabular-nums">{r.rules}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

"use client";

import { LoadFailed, LoadingNote, LoadingRows } from "@/components/common/load-states";
import { useHydrated } from "@/components/common/use-hydrated";
import { useState } from "react";
import { GitCompareIcon, HistoryIcon, Undo2Icon, UndoIcon } from "lucide-react";
import { DiscardDraftDialog } from "@/components/routers/discard/discard-draft-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import { SideBySideDiff } from "@/components/routers/diff/side-by-side-diff";
import { FormError } from "@/components/routers/form-controls";
import { useVersionDiff } from "@/components/routers/queries/use-version-diff";
import { useVersions } from "@/components/routers/queries/use-versions";
import { RollbackDialog } from "./rollback-dialog";

/** Deployed versions, newest first: pick two to compare side by side; editors roll back to an older one. */
export function HistoryTab({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const versions = useVersions(project, router);
  const [selected, setSelected] = useState<number[]>([]);
  const [rollbackTo, setRollbackTo] = useState<number | null>(null);
  const [resetTo, setResetTo] = useState<number | null>(null);
  const hydrated = useHydrated();
  const [from, to] = selected.length === 2 ? [Math.min(...selected), Math.max(...selected)] : [null, null];
  const diff = useVersionDiff(project, router, from, to);

  if (versions.isPending) return <LoadingRows what="versions" />;
  if (versions.isError) return <LoadFailed what="versions" error={versions.error} onRetry={() => void versions.refetch()} />;
  const items = versions.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <EmptyState icon={HistoryIcon} title="Not deployed yet">
        Deploying freezes the draft as version 1 and makes it the one the gateway serves. Every deployment and rollback adds a version here.
      </EmptyState>
    );
  }
  const newest = items[0]!.number;

  const toggle = (n: number, on: boolean) =>
    setSelected((s) => {
      if (!on) return s.filter((x) => x !== n);
      // Picking a third version replaces the older pick: the comparison is always of two.
      return [...s.filter((x) => x !== n), n].slice(-2);
    });

  return (
    <div className="flex flex-col gap-5">
      <p className="text-sm text-muted-foreground">
        Tick two versions to compare them. {canEdit ? "Rolling back deploys an older version again as a new version, with its sticky slot tables; resetting the draft makes the draft that version again without deploying it." : null}
      </p>
      <Table>
        <caption className="sr-only">Versions of {router}, newest first</caption>
        <TableHeader>
          <TableRow>
            <TableHead className="w-10">
              <span className="sr-only">Compare</span>
            </TableHead>
            <TableHead>Version</TableHead>
            <TableHead>Message</TableHead>
            <TableHead>Author</TableHead>
            <TableHead>Deployed</TableHead>
            {canEdit ? (
              <TableHead className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((v) => (
            <TableRow key={v.number} data-testid={`version-row-${v.number}`} aria-current={v.active ? "true" : undefined} data-state={selected.includes(v.number) ? "selected" : undefined}>
              <TableCell>
                <input
                  type="checkbox"
                  className="size-4"
                  aria-label={`Compare version ${v.number}`}
                  checked={selected.includes(v.number)}
                  disabled={!hydrated}
                  onChange={(e) => toggle(v.number, e.target.checked)}
                />
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <span className="flex items-center gap-2">
                  <span className="font-mono font-semibold">v{v.number}</span>
                  {v.active ? <Badge variant="success">active</Badge> : null}
                </span>
              </TableCell>
              <TableCell className="max-w-md">{v.message ? v.message : <span className="text-muted-foreground">No message</span>}</TableCell>
              <TableCell className="whitespace-nowrap">{v.author}</TableCell>
              <TableCell>
                <Timestamp date={new Date(v.createdAt)} />
              </TableCell>
              {canEdit ? (
                <TableCell className="text-right whitespace-nowrap">
                  <Button variant="ghost" size="sm" aria-label={`Reset the draft to version ${v.number}`} onClick={() => setResetTo(v.number)} disabled={!hydrated}>
                    <Undo2Icon aria-hidden="true" />
                    Reset draft
                  </Button>
                  {!v.active ? (
                    <Button variant="ghost" size="sm" aria-label={`Roll back to version ${v.number}`} onClick={() => setRollbackTo(v.number)} disabled={!hydrated}>
                      <UndoIcon aria-hidden="true" />
                      Roll back
                    </Button>
                  ) : null}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {versions.hasNextPage ? (
        <Button variant="outline" size="sm" className="w-fit" onClick={() => void versions.fetchNextPage()} disabled={versions.isFetchingNextPage}>
          {versions.isFetchingNextPage ? "Loading…" : "Load older versions"}
        </Button>
      ) : null}

      <section aria-labelledby="version-diff-heading" className="flex flex-col gap-2">
        <h2 id="version-diff-heading" className="flex items-center gap-2 text-base font-semibold">
          <GitCompareIcon aria-hidden="true" className="size-4" />
          {from !== null && to !== null ? `Version ${from} → version ${to}` : "Compare versions"}
        </h2>
        {from === null || to === null ? (
          <p className="text-sm text-muted-foreground">
            {selected.length === 1 ? `Version ${selected[0]} is selected: tick one more.` : "Tick two versions in the table to see what changed between them."}
          </p>
        ) : diff.isPending ? (
          <LoadingNote testId="version-diff-loading">
            Loading versions {from} and {to} to compare…
          </LoadingNote>
        ) : diff.isError ? (
          <FormError>The comparison could not be loaded: {diff.error.message}</FormError>
        ) : (
          <SideBySideDiff diff={diff.data.diff} fromLabel={`v${from}`} toLabel={`v${to}`} caption={`Differences from version ${from} to version ${to}`} />
        )}
      </section>

      {canEdit ? (
        <DiscardDraftDialog project={project} router={router} version={resetTo} open={resetTo !== null} onOpenChange={(open) => !open && setResetTo(null)} />
      ) : null}
      {rollbackTo !== null ? (
        <RollbackDialog project={project} router={router} version={rollbackTo} nextNumber={newest + 1} onClose={() => setRollbackTo(null)} />
      ) : null}
    </div>
  );
}

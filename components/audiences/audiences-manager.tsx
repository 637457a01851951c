"use client";

import * as React from "react";
import Link from "next/link";
import { PencilIcon, PlusIcon, Trash2Icon, UsersIcon } from "lucide-react";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "@/lib/api-client/keys";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ConditionList } from "@/components/conditions/condition-chip";
import { AudienceDialog, type AudienceDialogMode } from "./audience-dialog";
import { DeleteAudienceDialog } from "./delete-audience-dialog";
import type { AudienceView } from "./queries/audience-types";
import { useAudiences } from "./queries/use-audiences";

type AudiencesManagerProps = {
  project: string;
  canEdit: boolean;
  /** The list as the server rendered it (the whole list), so the page shows it without a loading flash. */
  initial?: AudienceView[];
};

/** The project's audiences: conditions, the rules that use each, and (for editors) create, edit and delete. */
export function AudiencesManager({ project, canEdit, initial }: AudiencesManagerProps) {
  const audiences = useAudiences(project, { initialData: initial });
  const qc = useQueryClient();
  const [dialog, setDialog] = React.useState<AudienceDialogMode | null>(null);
  const [deleting, setDeleting] = React.useState<AudienceView | null>(null);
  const reload = () => void qc.invalidateQueries({ queryKey: keys.audiences(project) });

  const newButton = canEdit ? (
    <Button onClick={() => setDialog({ kind: "create" })}>
      <PlusIcon aria-hidden="true" />
      New audience
    </Button>
  ) : null;

  let body: React.ReactNode;
  if (audiences.isPending) {
    body = <LoadingRows what="audiences" rows={["h-12", "h-12", "h-12"]} />;
  } else if (audiences.isError) {
    body = <LoadFailed what="audiences" error={audiences.error} onRetry={() => void audiences.refetch()} />;
  } else if (audiences.data.length === 0) {
    body = (
      <EmptyState icon={UsersIcon} title="No audiences yet" action={newButton}>
        An audience names a group of requests once (say, <span className="font-mono">payload metadata.location in new-york</span>) so that rules in
        several routers can target it and stay in step when it changes.
      </EmptyState>
    );
  } else {
    body = (
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Audience</TableHead>
            <TableHead>Conditions</TableHead>
            <TableHead>Used by</TableHead>
            {canEdit ? (
              <TableHead className="text-right">
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {audiences.data.map((audience) => (
            <TableRow key={audience.name} data-testid={`audience-row-${audience.name}`}>
              <TableCell className="align-top">
                <div className="flex flex-col gap-0.5">
                  <span className="font-mono font-medium">{audience.name}</span>
                  {audience.description ? <span className="text-xs text-muted-foreground">{audience.description}</span> : null}
                </div>
              </TableCell>
              <TableCell className="align-top">
                <ConditionList conditions={audience.conditions} />
              </TableCell>
              <TableCell className="align-top" data-testid={`audience-used-by-${audience.name}`}>
                {audience.usedBy.length === 0 ? (
                  <span className="text-muted-foreground">unused</span>
                ) : (
                  <ul className="flex flex-col gap-0.5 text-sm" aria-label={`Rules using ${audience.name}`}>
                    {audience.usedBy.map((u) => (
                      <li key={`${u.router}/${u.rule}`}>
                        <Link
                          href={`/projects/${encodeURIComponent(project)}/routers/${encodeURIComponent(u.router)}?tab=rules`}
                          className="font-mono underline-offset-4 hover:underline"
                        >
                          {u.router}
                        </Link>
                        <span className="text-muted-foreground"> / </span>
                        <span className="font-mono">{u.rule}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </TableCell>
              {canEdit ? (
                <TableCell className="text-right align-top whitespace-nowrap">
                  <Button variant="ghost" size="sm" onClick={() => setDialog({ kind: "edit", audience })} aria-label={`Edit audience ${audience.name}`}>
                    <PencilIcon aria-hidden="true" />
                    Edit
                  </Button>
                  <Button variant="ghost" size="icon" onClick={() => setDeleting(audience)} aria-label={`Delete audience ${audience.name}`}>
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <div className="flex flex-col gap-4" data-testid="audiences-manager">
      {newButton && audiences.data && audiences.data.length > 0 ? <div className="flex justify-end">{newButton}</div> : null}
      {body}
      {canEdit ? (
        <>
          <AudienceDialog project={project} mode={dialog} onOpenChange={(open) => !open && setDialog(null)} onReload={reload} />
          <DeleteAudienceDialog project={project} audience={deleting} onOpenChange={(open) => !open && setDeleting(null)} />
        </>
      ) : null}
    </div>
  );
}

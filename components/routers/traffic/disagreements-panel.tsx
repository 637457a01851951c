"use client";

import * as React from "react";
import { Trash2Icon } from "lucide-react";
import { toast } from "sonner";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { Timestamp } from "@/components/common/timestamp";
import { errorText } from "@/components/common/error-text";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DisagreementDiff } from "./disagreement-diff";
import { useDeleteDisagreements } from "./queries/use-delete-disagreements";
import { useDisagreements } from "./queries/use-disagreements";

/** The disagreements the gateway stored for this router (settings → keep disagreements), newest first. */
export function DisagreementsPanel({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const query = useDisagreements(project, router);
  const remove = useDeleteDisagreements(project, router);
  const [confirming, setConfirming] = React.useState(false);
  const deleteOne = (id?: string) =>
    remove.mutate(
      { id },
      {
        onSuccess: () => toast.success(id ? "Disagreement deleted" : "Stored disagreements deleted"),
        onError: (error) => toast.error(`Could not delete: ${errorText(error)}`),
      },
    );

  if (query.isPending) return <LoadingRows what="stored disagreements" rows={["h-16"]} />;
  if (query.isError) return <LoadFailed what="stored disagreements" error={query.error} onRetry={() => void query.refetch()} />;
  const { items, keep } = query.data;
  return (
    <Card className="flex flex-col gap-3 p-4" data-testid="stored-disagreements">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Stored disagreements</h3>
        {canEdit && items.length > 0 ? (
          <Button variant="outline" size="sm" onClick={() => setConfirming(true)}>
            <Trash2Icon aria-hidden="true" />
            Delete all
          </Button>
        ) : null}
      </div>
      <p className="text-sm text-muted-foreground">
        {keep > 0
          ? `The gateways keep the latest ${keep} disagreements of this router between them: the request (the headers its rules read, query and body), both answers and the differing fields, bodies cut at 32 KiB.`
          : "The active version stores none. To keep the latest disagreements with their requests and answers, set “Keep disagreements” in Settings and deploy."}
      </p>
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground" data-testid="no-disagreements">
          No stored disagreements.
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {items.map((item, i) => (
            <li key={item.id} className="rounded-md border" data-testid={`disagreement-${item.id}`}>
              <details open={i === 0}>
                <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2 text-sm">
                  <Timestamp date={new Date(item.createdAt)} />
                  <span>
                    {item.rule === "default" ? "default rule" : <span className="font-mono">{item.rule}</span>} → shadow <span className="font-mono">{item.route}</span>
                  </span>
                  <Badge variant="warning">
                    <span className="font-mono">{item.field}</span>
                  </Badge>
                  <span className="text-xs text-muted-foreground">v{item.version}</span>
                  {canEdit ? (
                    <Button
                      variant="ghost"
                      size="icon"
                      className="ml-auto size-7"
                      aria-label={`Delete the disagreement of ${new Date(item.createdAt).toISOString()}`}
                      onClick={(e) => {
                        e.preventDefault();
                        deleteOne(item.id);
                      }}
                    >
                      <Trash2Icon aria-hidden="true" />
                    </Button>
                  ) : null}
                </summary>
                <div className="border-t px-3 py-3">
                  <DisagreementDiff item={item} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent data-testid="delete-disagreements-dialog">
          <DialogHeader>
            <DialogTitle>Delete every stored disagreement?</DialogTitle>
            <DialogDescription>Their requests and answers are gone for good. The gateways keep storing new ones while the active version keeps them.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button
              variant="destructive"
              onClick={() => {
                setConfirming(false);
                deleteOne();
              }}
            >
              Delete all
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

"use client";

import * as React from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { AudienceView } from "./queries/audience-types";
import { useDeleteAudience } from "./queries/use-delete-audience";

/** Confirms a deletion; the server refuses (409) while a rule uses the audience, and its message is shown here. */
export function DeleteAudienceDialog({ project, audience, onOpenChange }: { project: string; audience: AudienceView | null; onOpenChange: (open: boolean) => void }) {
  const remove = useDeleteAudience(project);
  const [error, setError] = React.useState<string | null>(null);
  const [shownFor, setShownFor] = React.useState(audience);
  if (audience !== shownFor) {
    setShownFor(audience);
    setError(null);
  }
  const inUse = (audience?.usedBy.length ?? 0) > 0;
  return (
    <Dialog open={audience !== null} onOpenChange={onOpenChange}>
      <DialogContent data-testid="delete-audience-dialog">
        <DialogHeader>
          <DialogTitle>
            Delete audience <span className="font-mono">{audience?.name}</span>?
          </DialogTitle>
          <DialogDescription>
            {inUse
              ? "Rules still use this audience. The server refuses to delete an audience in use: change those rules first."
              : "No rule uses it. Deleting it cannot be undone."}
          </DialogDescription>
        </DialogHeader>
        {error ? (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive" data-testid="delete-audience-error">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={remove.isPending || audience === null}
            onClick={async () => {
              if (!audience) return;
              setError(null);
              try {
                await remove.mutateAsync({ name: audience.name, revision: audience.revision });
                toast.success(`Audience ${audience.name} deleted`);
                onOpenChange(false);
              } catch (e) {
                setError(e instanceof ApiError ? e.detail : String(e));
              }
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete audience"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

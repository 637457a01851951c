"use client";

import { Loader2Icon, Undo2Icon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { SideBySideDiff } from "@/components/routers/diff/side-by-side-diff";
import { FormError } from "@/components/routers/form-controls";
import { useDraftReset, useDraftResetPreview } from "@/components/routers/queries/use-draft-reset";

type Props = {
  project: string;
  router: string;
  /** The version to reset to; null for the active one. */
  version: number | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/**
 * Discards the draft's changes in one step: the draft becomes a version again (the active
 * one by default). The dialog shows what the draft loses (a dry run of the reset) and
 * resets exactly that draft: a change by someone else meanwhile is refused, not discarded.
 */
export function DiscardDraftDialog({ project, router, version, open, onOpenChange }: Props) {
  const preview = useDraftResetPreview(project, router, version, open);
  const reset = useDraftReset(project, router);
  const target = preview.data?.data.version ?? version;
  const label = target !== null ? `version ${target}` : "the active version";
  const nothing = preview.data ? preview.data.data.diff.identical : false;
  const errorText = (e: unknown) =>
    e instanceof ApiError ? (e.isConflict ? "The draft changed since this preview (someone else edited it); nothing was discarded. Look at the new preview." : e.detail) : "Could not reach the server.";

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (reset.isPending) return;
        if (!next) reset.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent className="sm:max-w-4xl" role="alertdialog" data-testid="discard-draft-dialog">
        <DialogHeader>
          <DialogTitle>{version === null ? "Discard the draft's changes?" : `Reset the draft to version ${version}?`}</DialogTitle>
          <DialogDescription>
            The draft becomes {label} again; the changes below are lost. Nothing is deployed: the gateway keeps serving what it serves. The audit log
            records the reset with the draft as it was.
          </DialogDescription>
        </DialogHeader>
        <div className="max-h-[55vh] overflow-y-auto" aria-live="polite">
          {preview.isPending ? (
            <p role="status" className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
              Comparing the draft with {label}…
            </p>
          ) : preview.isError ? (
            <FormError>{errorText(preview.error)}</FormError>
          ) : (
            <SideBySideDiff diff={preview.data.data.diff} fromLabel="the draft now" toLabel={`after the reset (v${preview.data.data.version})`} caption={`What resetting the draft to version ${preview.data.data.version} changes`} />
          )}
        </div>
        {reset.isError ? <FormError>{errorText(reset.error)}</FormError> : null}
        <DialogFooter>
          <Button type="button" variant="outline" disabled={reset.isPending} onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="destructive"
            data-testid="discard-draft-confirm"
            disabled={!preview.data || nothing || reset.isPending}
            onClick={() => {
              const p = preview.data!;
              reset.mutate(
                { version: p.data.version, revision: p.revision },
                {
                  onSuccess: () => {
                    toast.success(`The draft is version ${p.data.version} again`);
                    onOpenChange(false);
                  },
                  onError: (e) => {
                    if (e instanceof ApiError && e.isConflict) void preview.refetch();
                  },
                },
              );
            }}
          >
            {reset.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <Undo2Icon aria-hidden="true" />}
            {nothing ? "Nothing to discard" : version === null ? "Discard changes" : `Reset to v${version}`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

"use client";

import { useState } from "react";
import { FastForwardIcon, Loader2Icon, PauseIcon, PlayIcon, XOctagonIcon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormError } from "@/components/routers/form-controls";
import { ApiError } from "@/lib/api-client/fetch";
import type { RolloutDetail } from "@/lib/rollouts/schema";
import { useRolloutAction, type RolloutAction } from "../queries/use-rollout-action";

const CONFIRM: Record<"promote" | "abort", { title: (r: RolloutDetail) => string; body: (r: RolloutDetail) => string; button: string }> = {
  promote: {
    title: (r) => `Promote rollout ${r.id}?`,
    body: (r) => {
      const last = r.spec.steps[r.spec.steps.length - 1]!;
      return `The last step's weights (${r.canary} ${last.weight} %) are deployed now, skipping the remaining steps and their gates, and the rollout completes.`;
    },
    button: "Promote",
  },
  abort: {
    title: (r) => `Abort rollout ${r.id}?`,
    body: (r) => `Version ${r.startVersion} is deployed again as a new version, slot tables included: every sticky key goes back to the route it had before the rollout.`,
    button: "Abort and roll back",
  },
};

/** Pause / resume, promote and abort for editors; promote and abort ask first. */
export function RolloutActions({ project, router, rollout }: { project: string; router: string; rollout: RolloutDetail }) {
  const action = useRolloutAction(project, router, rollout.id);
  const [confirm, setConfirm] = useState<"promote" | "abort" | null>(null);
  const active = rollout.status === "running" || rollout.status === "paused";
  const run = (a: RolloutAction) =>
    action.mutate(a, {
      onSuccess: (r) => {
        setConfirm(null);
        toast.success(`Rollout ${r.id} ${{ pause: "paused", resume: "resumed", promote: "promoted", abort: "aborted" }[a]}`);
      },
    });
  if (!active) return null;
  const pending = action.isPending ? action.variables : null;
  return (
    <>
      {rollout.status === "running" ? (
        <Button variant="outline" onClick={() => run("pause")} disabled={action.isPending}>
          <PauseIcon aria-hidden="true" />
          Pause
        </Button>
      ) : (
        <Button variant="outline" onClick={() => run("resume")} disabled={action.isPending}>
          <PlayIcon aria-hidden="true" />
          {rollout.pause === "approval" ? "Approve and resume" : "Resume"}
        </Button>
      )}
      <Button variant="outline" onClick={() => setConfirm("promote")} disabled={action.isPending}>
        <FastForwardIcon aria-hidden="true" />
        Promote
      </Button>
      <Button variant="destructive" onClick={() => setConfirm("abort")} disabled={action.isPending}>
        <XOctagonIcon aria-hidden="true" />
        Abort
      </Button>
      {action.error && !confirm ? (
        <FormError testId="rollout-action-error">{action.error instanceof ApiError ? action.error.detail : "That did not work; nothing changed."}</FormError>
      ) : null}
      <Dialog open={confirm !== null} onOpenChange={(open) => !open && !action.isPending && setConfirm(null)}>
        <DialogContent role="alertdialog">
          {confirm ? (
            <>
              <DialogHeader>
                <DialogTitle>{CONFIRM[confirm].title(rollout)}</DialogTitle>
                <DialogDescription>{CONFIRM[confirm].body(rollout)}</DialogDescription>
              </DialogHeader>
              <FormError>{action.error ? (action.error instanceof ApiError ? action.error.detail : "That did not work; nothing changed.") : null}</FormError>
              <DialogFooter>
                <Button variant="outline" onClick={() => setConfirm(null)} disabled={action.isPending}>
                  Cancel
                </Button>
                <Button variant={confirm === "abort" ? "destructive" : "default"} onClick={() => run(confirm)} disabled={action.isPending} data-testid="rollout-confirm">
                  {pending === confirm ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : null}
                  {CONFIRM[confirm].button}
                </Button>
              </DialogFooter>
            </>
          ) : null}
        </DialogContent>
      </Dialog>
    </>
  );
}

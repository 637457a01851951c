"use client";

import { useState } from "react";
import { GaugeIcon, RocketIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { inProgress } from "./queries/paths";
import { useRouterRollouts } from "./queries/use-router-rollouts";
import { RolloutsTable } from "./rollouts-table";
import { StartRolloutDialog } from "./wizard/start-rollout-dialog";

type Props = { project: string; router: string; canEdit: boolean; activeVersion: number | null; initialRule?: string };

/** The router's rollouts, and "Start rollout" for editors while none is in progress. */
export function RolloutsTab({ project, router, canEdit, activeVersion, initialRule }: Props) {
  const rollouts = useRouterRollouts(project, router);
  const [open, setOpen] = useState(initialRule !== undefined);
  const running = rollouts.data?.items.find((r) => inProgress(r.status));
  const startButton = canEdit ? (
    <Button onClick={() => setOpen(true)} disabled={running !== undefined || activeVersion === null} data-testid="start-rollout">
      <RocketIcon aria-hidden="true" />
      Start rollout
    </Button>
  ) : null;

  return (
    <section aria-label="Rollouts" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="max-w-2xl text-sm text-muted-foreground">
          A rollout raises a canary route&apos;s weight in one rule step by step, each step a version, as long as the canary&apos;s errors, latency (and, first, shadow agreement)
          stay within its gates on the gateways&apos; traffic; otherwise it goes back to the version it started from.
          {running ? ` Rollout ${running.id} is in progress: finish or abort it before starting another.` : ""}
        </p>
        {startButton}
      </div>
      {rollouts.isPending ? (
        <LoadingRows what="rollouts" />
      ) : rollouts.isError ? (
        <LoadFailed what="rollouts" error={rollouts.error} onRetry={() => void rollouts.refetch()} />
      ) : rollouts.data.items.length === 0 ? (
        <EmptyState icon={GaugeIcon} title="No rollouts yet" headingLevel="h3">
          {activeVersion === null ? "Deploy the router first: a rollout starts from the active version." : "Start one to move a canary forward on evidence instead of by hand."}
        </EmptyState>
      ) : (
        <RolloutsTable project={project} items={rollouts.data.items} />
      )}
      {canEdit ? <StartRolloutDialog project={project} router={router} activeVersion={activeVersion} rule={initialRule} open={open} onOpenChange={setOpen} /> : null}
    </section>
  );
}

"use client";

import { GaugeIcon } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { useProjectRollouts } from "./queries/use-project-rollouts";
import { RolloutsTable } from "./rollouts-table";

export function ProjectRollouts({ project }: { project: string }) {
  const rollouts = useProjectRollouts(project);
  if (rollouts.isPending) return <LoadingRows what="rollouts" />;
  if (rollouts.isError) return <LoadFailed what="rollouts" error={rollouts.error} onRetry={() => void rollouts.refetch()} />;
  if (rollouts.data.items.length === 0) {
    return (
      <EmptyState icon={GaugeIcon} title="No rollouts yet">
        A rollout raises a canary&apos;s weight step by step while its error rate, latency and shadow agreement stay within their gates, and rolls back by itself when they do not.
      </EmptyState>
    );
  }
  return <RolloutsTable project={project} items={rollouts.data.items} showRouter />;
}

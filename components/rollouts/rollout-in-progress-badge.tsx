"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { inProgress } from "./queries/paths";
import { useRouterRollouts } from "./queries/use-router-rollouts";
import { stageText } from "./rollout-status";

/** In the router header while a rollout runs: where it stands, linking to its page. */
export function RolloutInProgressBadge({ project, router }: { project: string; router: string }) {
  const { data } = useRouterRollouts(project, router);
  const running = data?.items.find((r) => inProgress(r.status));
  if (!running) return null;
  return (
    <Link href={`/projects/${project}/routers/${router}/rollouts/${running.id}`} data-testid="rollout-in-progress">
      <Badge variant={running.status === "paused" ? "warning" : "default"}>
        rollout {running.id} {running.status === "paused" ? "paused" : "in progress"}: {stageText(running)}
      </Badge>
    </Link>
  );
}

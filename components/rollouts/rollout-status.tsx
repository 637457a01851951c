import { Badge } from "@/components/ui/badge";
import type { RolloutSummary } from "@/lib/rollouts/schema";

const LABELS: Record<RolloutSummary["status"], { text: string; variant: "success" | "warning" | "destructive" | "secondary" | "default" }> = {
  running: { text: "running", variant: "default" },
  paused: { text: "paused", variant: "warning" },
  completed: { text: "completed", variant: "success" },
  aborted: { text: "aborted", variant: "destructive" },
};

/** running / paused (waiting for approval) / completed / aborted. */
export function RolloutStatusBadge({ rollout }: { rollout: Pick<RolloutSummary, "status" | "pause"> }) {
  const label = LABELS[rollout.status];
  const text = rollout.status === "paused" && rollout.pause === "approval" ? "waiting for approval" : label.text;
  return (
    <Badge variant={label.variant} data-testid="rollout-status">
      {text}
    </Badge>
  );
}

/** "step 2 of 5 · canary 5 %" */
export function stageText(r: Pick<RolloutSummary, "stageLabel" | "weight" | "canary">): string {
  return `${r.stageLabel} · ${r.canary} ${r.weight} %`;
}

import { CheckCircle2Icon, CircleDashedIcon, CircleDotIcon, PauseCircleIcon, XCircleIcon } from "lucide-react";
import type { RolloutDetail } from "@/lib/rollouts/schema";
import { cn } from "@/lib/utils/cn";

const ICONS = { done: CheckCircle2Icon, current: CircleDotIcon, pending: CircleDashedIcon, skipped: CircleDashedIcon, aborted: XCircleIcon } as const;

const duration = (s: number) => (s >= 3600 ? `${Math.round(s / 360) / 10} h` : s >= 60 ? `${Math.round(s / 6) / 10} min` : `${s} s`);

/** The stages in order: what each deploys, how long it bakes, its version and where the rollout stands. */
export function StageTimeline({ rollout }: { rollout: RolloutDetail }) {
  return (
    <ol className="flex flex-wrap gap-2" aria-label="Stages">
      {rollout.timeline.map((s) => {
        const Icon = ICONS[s.state];
        return (
          <li
            key={s.index}
            data-testid="stage"
            data-state={s.state}
            aria-current={s.state === "current" ? "step" : undefined}
            className={cn(
              "flex min-w-36 flex-col gap-0.5 rounded-lg border px-3 py-2 text-sm",
              s.state === "current" && "border-primary bg-primary/5",
              s.state === "aborted" && "border-destructive/40 bg-destructive/5",
              (s.state === "pending" || s.state === "skipped") && "text-muted-foreground",
            )}
          >
            <span className="flex items-center gap-1.5 font-medium">
              <Icon aria-hidden="true" className={cn("size-4", s.state === "done" && "text-success", s.state === "aborted" && "text-destructive")} />
              {s.label}
              {s.pause ? <PauseCircleIcon aria-label="waits for approval" className="size-3.5 text-muted-foreground" /> : null}
            </span>
            <span>{s.kind === "shadow" ? `${s.shadowPercent} % mirrored` : `canary ${s.weight} %`}</span>
            <span className="text-xs text-muted-foreground">
              {s.kind === "shadow" ? "for" : "bake"} {duration(s.minSeconds)}
              {s.version !== null ? ` · v${s.version}` : ""} · {s.state}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

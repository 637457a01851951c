import { CopyIcon } from "lucide-react";
import type { Shadow, SplitEntry } from "@/lib/router/document";
import { formatPercent } from "@/components/common/format";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";

type SplitBarProps = { split: SplitEntry[]; shadows: Shadow[]; colors: RouteColors };

/** The split as a proportional bar with a legend, and the shadows mirrored off it. */
export function SplitBar({ split, shadows, colors }: SplitBarProps) {
  const summary = split.map((s) => `${s.route} ${formatPercent(s.weight)}`).join(", ");
  return (
    <div className="flex flex-col gap-2">
      <div
        role="img"
        aria-label={`Split: ${summary}`}
        className="flex h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        {split
          .filter((s) => s.weight > 0)
          .map((s) => (
            <div
              key={s.route}
              className={cn("h-full border-r-2 border-background last:border-r-0", colors(s.route))}
              style={{ width: `${s.weight}%` }}
            />
          ))}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Split">
        {split.map((s) => (
          <li key={s.route} className="flex items-center gap-1.5" data-testid={`split-${s.route}`}>
            <span aria-hidden="true" className={cn("size-2.5 rounded-full", colors(s.route))} />
            <span className="font-mono">{s.route}</span>{" "}
            <span className="font-semibold tabular-nums whitespace-nowrap">{formatPercent(s.weight)}</span>
          </li>
        ))}
      </ul>
      {shadows.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm text-muted-foreground" aria-label="Shadows">
          {shadows.map((s) => (
            <li key={s.route} className="flex items-center gap-1.5" data-testid={`shadow-${s.route}`}>
              <CopyIcon aria-hidden="true" className="size-3.5" />
              <span>
                mirrors <span className="font-semibold tabular-nums whitespace-nowrap text-foreground">{formatPercent(s.percent)}</span> to{" "}
                <span className="font-mono text-foreground">{s.route}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

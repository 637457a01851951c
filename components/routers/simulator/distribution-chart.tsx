import type { RouterDocument, SplitEntry } from "@/lib/router/document";
import type { Distribution } from "@/lib/routers/simulate";
import { formatPercent } from "@/components/common/format";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";

const pct = (share: number) => formatPercent(Math.round(share * 10_000) / 100);

/**
 * Where the sampled requests went, per route, as bars against the weights of the rule
 * that matched them (the thin mark on each bar is the configured weight).
 */
export function DistributionChart({ distribution, document, colors }: { distribution: Distribution; document: RouterDocument; colors: RouteColors }) {
  const { total } = distribution;
  const rules = [...distribution.rules].sort((a, b) => b.count - a.count);
  const top = rules[0]?.rule;
  const body = top === "default" ? document.defaultRule : document.rules.find((r) => r.name === top);
  const configured: SplitEntry[] = body?.split ?? [];
  const observed = new Map(distribution.routes.map((r) => [r.route, r]));
  const names = [...configured.map((s) => s.route), ...distribution.routes.map((r) => r.route).filter((r) => !configured.some((s) => s.route === r))];

  return (
    <figure className="flex flex-col gap-3" data-testid="distribution-chart">
      <figcaption className="text-sm">
        {total.toLocaleString("en-US")} requests with random sticky keys
        {top ? (
          <>
            {" "}
            matched <span className="font-mono font-medium">{top === "default" ? "the default rule" : top}</span>
            {body ? `, ${body.strategy}` : ""}
          </>
        ) : null}
        . Bars show where they went; the mark is the configured weight.
      </figcaption>
      <ul className="flex flex-col gap-2">
        {names.map((name) => {
          const seen = observed.get(name);
          const share = seen ? seen.count / Math.max(1, total) : 0;
          const weight = configured.find((s) => s.route === name)?.weight;
          return (
            <li key={name} className="grid grid-cols-[8rem_1fr_12rem] items-center gap-3 text-sm" data-testid={`distribution-row-${name}`}>
              <span className="flex items-center gap-1.5 truncate font-mono">
                <span aria-hidden="true" className={cn("size-2.5 shrink-0 rounded-full", colors(name))} />
                {name}
              </span>
              <div className="relative h-5 overflow-hidden rounded bg-muted" aria-hidden="true">
                <div className={cn("h-full", colors(name))} style={{ width: `${share * 100}%` }} />
                {weight !== undefined ? <div className="absolute top-0 h-full w-0.5 bg-foreground" style={{ left: `calc(${weight}% - 1px)` }} /> : null}
              </div>
              <span className="tabular-nums">
                <span className="font-semibold" data-testid="observed-share">
                  {pct(share)}
                </span>{" "}
                <span className="text-muted-foreground">
                  ({(seen?.count ?? 0).toLocaleString("en-US")}) · configured {weight !== undefined ? formatPercent(weight) : "—"}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
      {rules.length > 1 ? (
        <p className="text-xs text-muted-foreground">
          The requests matched several rules: {rules.map((r) => `${r.rule === "default" ? "default" : r.rule} ${r.count.toLocaleString("en-US")}`).join(", ")}. The marks show the
          weights of the most frequent one.
        </p>
      ) : null}
      {distribution.shadows.length > 0 ? (
        <div className="flex flex-col gap-1 text-xs text-muted-foreground" data-testid="distribution-shadows">
          <p>
            Shadows: {distribution.shadows.map((s) => `${s.route} ${pct(s.count / Math.max(1, total))} (${s.count.toLocaleString("en-US")})`).join(", ")}.
          </p>
          {(body?.shadows ?? []).some((s) => (observed.get(s.route)?.count ?? 0) > 0) ? (
            <p data-testid="shadow-note">
              {(body?.shadows ?? [])
                .filter((s) => (observed.get(s.route)?.count ?? 0) > 0)
                .map((s) => {
                  const servedThere = (observed.get(s.route)?.count ?? 0) / Math.max(1, total);
                  return `${s.route} is configured at ${formatPercent(s.percent)}, but requests it already serves are not mirrored to it (${pct(servedThere)} here), so expect about ${pct((s.percent / 100) * (1 - servedThere))}`;
                })
                .join("; ")}
              .
            </p>
          ) : null}
        </div>
      ) : null}
      {distribution.errors.length > 0 ? (
        <p className="text-xs text-destructive">
          Refused: {distribution.errors.map((e) => `${e.count.toLocaleString("en-US")} × ${e.code}`).join(", ")}.
        </p>
      ) : null}
    </figure>
  );
}

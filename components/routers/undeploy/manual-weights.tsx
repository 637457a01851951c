import { useId } from "react";
import type { RouterDocument } from "@/lib/router/document";
import type { RouteUse } from "@/lib/routers/edits";
import { planUndeploy } from "@/lib/routers/undeploy";
import { Input } from "@/components/ui/input";
import { formatPercent } from "@/components/common/format";
import type { RouteColors } from "@/components/routers/route-colors";
import { ruleLabel } from "@/components/routers/routes/usage";
import { cn } from "@/lib/utils/cn";
import { setWeight, totalHundredths } from "./balance";

/** Per rule (`default` for the default rule), the new weight of each remaining route. */
export type ManualWeights = Record<string, Record<string, number>>;

/** The manual weights to start from: what proportional would give, so a user only adjusts. */
export function initialManual(doc: RouterDocument, route: string, uses: RouteUse[], replacement: string): ManualWeights {
  const other = replacement || doc.routes.find((r) => r.name !== route)?.name;
  const out: ManualWeights = {};
  try {
    const plan = planUndeploy(doc, route, { mode: "proportional", ...(other ? { replacement: other } : {}) });
    for (const impact of plan.rules) {
      const use = uses.find((u) => u.rule === impact.rule);
      if (use && use.inSplit && !use.only) out[impact.rule] = Object.fromEntries(impact.after.map((s) => [s.route, s.weight]));
    }
  } catch {
    for (const u of uses) if (u.inSplit && !u.only) out[u.rule] = Object.fromEntries(u.body.split.filter((s) => s.route !== route).map((s) => [s.route, s.weight]));
  }
  return out;
}

type Props = {
  use: RouteUse;
  route: string;
  weights: Record<string, number>;
  colors: RouteColors;
  onChange: (w: Record<string, number>) => void;
};

/** One rule's remaining routes with a slider and a field each; moving one rebalances the others to 100. */
export function ManualRuleWeights({ use, route, weights, colors, onChange }: Props) {
  const baseId = useId();
  const names = use.body.split.filter((s) => s.route !== route).map((s) => s.route);
  const values = names.map((n) => weights[n] ?? 0);
  const total = totalHundredths(values);
  const change = (i: number, v: number) => {
    const next = setWeight(values, i, v);
    onChange(Object.fromEntries(names.map((n, k) => [n, next[k]!])));
  };
  return (
    <fieldset className="flex flex-col gap-2 rounded-md border px-3 py-2" data-testid={`manual-${use.rule}`}>
      <legend className="px-1 text-sm font-medium">
        <span className="font-mono">{ruleLabel(use.rule)}</span> <span className="text-muted-foreground">(without {route}, was {formatPercent(use.weight)})</span>
      </legend>
      {names.map((n, i) => (
        <div key={n} className="grid grid-cols-[8rem_1fr_6rem] items-center gap-3">
          <label htmlFor={`${baseId}-${n}`} className="flex items-center gap-1.5 font-mono text-sm">
            <span aria-hidden="true" className={cn("size-2.5 rounded-full", colors(n))} />
            {n}
          </label>
          <input
            id={`${baseId}-${n}`}
            type="range"
            min={0}
            max={100}
            step={1}
            value={values[i]}
            disabled={names.length === 1}
            onChange={(e) => change(i, Number(e.target.value))}
            aria-valuetext={formatPercent(values[i]!)}
          />
          <Input
            type="number"
            min={0}
            max={100}
            step={0.01}
            aria-label={`Weight of ${n} in ${ruleLabel(use.rule)} (percent)`}
            value={values[i]}
            disabled={names.length === 1}
            onChange={(e) => change(i, Number(e.target.value))}
          />
        </div>
      ))}
      <p className={cn("text-xs", total === 10_000 ? "text-muted-foreground" : "text-destructive")} aria-live="polite">
        Total {formatPercent(total / 100)}
        {names.length === 1 ? ` — ${names[0]} takes all of it` : ""}
      </p>
    </fieldset>
  );
}

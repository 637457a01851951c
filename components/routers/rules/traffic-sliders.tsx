"use client";

import * as React from "react";
import { LockIcon, LockOpenIcon, XIcon } from "lucide-react";
import type { SplitEntry } from "@/lib/router/document";
import { addWeight, normalize, removeWeight, setWeight, sumOf, toHundredths, toPercent, TOTAL } from "@/lib/routers/weights";
import { Button } from "@/components/ui/button";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";
import { AddRoutePicker } from "./add-route-picker";
import { PercentSlider } from "./percent-slider";
import { WeightInput } from "./weight-input";

type TrafficSlidersProps = {
  split: SplitEntry[];
  onChange: (split: SplitEntry[]) => void;
  /** Every route of the router (the ones not in the split can be added). */
  routes: string[];
  colors: RouteColors;
  error?: string;
  disabled?: boolean;
};

const fmt = (hundredths: number) => (hundredths / 100).toFixed(2).replace(/\.?0+$/, "");

/**
 * One slider and one numeric field per route of a split. The weights add up to exactly
 * 100 % at all times: moving one rebalances the unlocked others in proportion (in
 * hundredths, largest remainder); locked routes keep their weight; with every other route
 * locked a weight cannot move. The math is lib/routers/weights.ts.
 */
export function TrafficSliders({ split, onChange, routes, colors, error, disabled }: TrafficSlidersProps) {
  const [locks, setLocks] = React.useState<Record<string, boolean>>({});
  // The weights when a pointer drag or a typed entry started: rebalancing from them keeps
  // the others' proportions however far the value travels and back.
  const basis = React.useRef<number[] | null>(null);
  // The last value that could not be applied as typed, said out loud instead of changed silently.
  const [adjusted, setAdjusted] = React.useState<{ route: string; typed: number; applied: number } | null>(null);

  const weights = split.map((s) => toHundredths(s.weight));
  const locked = split.map((s) => locks[s.route] === true);
  const total = sumOf(weights);
  const available = routes.filter((r) => !split.some((s) => s.route === r));

  const emit = (next: number[], entries = split) => onChange(entries.map((s, i) => ({ route: s.route, weight: toPercent(next[i] ?? 0) })));
  const move = (index: number, value: number) => emit(setWeight(basis.current ?? weights, locked, index, value));

  return (
    <div className="flex flex-col gap-3" data-testid="traffic-sliders">
      <ul className="flex flex-col gap-2.5" aria-label="Traffic split">
        {split.map((entry, i) => {
          const isLocked = locked[i]!;
          const othersLocked = split.every((_, k) => k === i || locked[k]);
          return (
            <li key={entry.route} className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)_auto_auto_auto] items-center gap-2" data-testid={`weight-row-${entry.route}`}>
              <span className="flex min-w-0 items-center gap-1.5 text-sm">
                <span aria-hidden="true" className={cn("size-2.5 shrink-0 rounded-full", colors(entry.route))} />
                <span className="truncate font-mono" title={entry.route}>
                  {entry.route}
                </span>
              </span>
              <PercentSlider
                label={`Weight of ${entry.route}`}
                value={weights[i]!}
                onValue={(v) => move(i, v)}
                onDragStart={() => (basis.current = weights)}
                onCommit={() => (basis.current = null)}
                disabled={disabled || isLocked || othersLocked}
                color={colors(entry.route)}
                testId={`weight-slider-${entry.route}`}
              />
              <WeightInput
                aria-label={`Weight of ${entry.route} in percent`}
                value={weights[i]!}
                onValue={(v) => move(i, v)}
                onEditStart={() => (basis.current = weights)}
                onEditEnd={() => (basis.current = null)}
                onAdjusted={(typed, applied) => setAdjusted({ route: entry.route, typed, applied })}
                disabled={disabled || isLocked || othersLocked}
                data-testid={`weight-input-${entry.route}`}
              />
              <Button
                type="button"
                variant={isLocked ? "secondary" : "ghost"}
                size="icon"
                aria-pressed={isLocked}
                aria-label={`Lock weight of ${entry.route}`}
                title={isLocked ? "Locked: moving other routes leaves this one alone" : "Lock this weight"}
                disabled={disabled}
                onClick={() => setLocks({ ...locks, [entry.route]: !isLocked })}
              >
                {isLocked ? <LockIcon aria-hidden="true" /> : <LockOpenIcon aria-hidden="true" />}
              </Button>
              <Button
                type="button"
                variant="ghost"
                size="icon"
                aria-label={`Remove ${entry.route} from the split`}
                disabled={disabled || split.length <= 1}
                onClick={() => {
                  const next = removeWeight(weights, locked, i);
                  emit(next.weights, split.filter((_, k) => k !== i));
                }}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className={cn("text-sm tabular-nums", total === TOTAL ? "text-muted-foreground" : "font-medium text-destructive")} data-testid="split-total" aria-live="polite">
          Total {fmt(total)} %
          {total !== TOTAL ? " — a split must add up to exactly 100 %" : null}
        </p>
        {total !== TOTAL && split.length > 0 ? (
          <Button type="button" variant="outline" size="sm" disabled={disabled} onClick={() => emit(normalize(weights))}>
            Scale to 100 %
          </Button>
        ) : null}
      </div>
      <p className="text-sm text-muted-foreground" role="status" data-testid="weight-adjusted">
        {adjusted
          ? adjusted.typed < 0
            ? `${fmt(adjusted.typed)} % is below 0 %: ${adjusted.route} was set to ${fmt(adjusted.applied)} %.`
            : adjusted.typed < adjusted.applied
              ? `${adjusted.route} cannot go below ${fmt(adjusted.applied)} %, what the locked routes leave: it stays there.`
              : `${fmt(adjusted.typed)} % is more than ${adjusted.route} can take: it was set to ${fmt(adjusted.applied)} %, ${
                adjusted.applied === TOTAL ? "the whole split" : "all that the locked routes leave"
              }.`
          : null}
      </p>
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
      <AddRoutePicker
        available={available}
        label="Route to add to the split"
        action="Add route"
        hint="A new route starts at 0 %."
        disabled={disabled}
        onAdd={(route) => emit(addWeight(weights, locked).weights, [...split, { route, weight: 0 }])}
      />
    </div>
  );
}

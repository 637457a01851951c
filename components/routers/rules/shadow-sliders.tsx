"use client";

import * as React from "react";
import { CopyIcon, XIcon } from "lucide-react";
import type { Shadow, SplitEntry } from "@/lib/router/document";
import { toHundredths, toPercent } from "@/lib/routers/weights";
import { Button } from "@/components/ui/button";
import { errorAt, type FieldErrors } from "@/components/conditions/field-errors";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";
import { AddRoutePicker } from "./add-route-picker";
import { CompareEditor } from "./compare-editor";
import { PercentSlider } from "./percent-slider";
import { WeightInput } from "./weight-input";

type ShadowSlidersProps = {
  shadows: Shadow[];
  onChange: (shadows: Shadow[]) => void;
  routes: string[];
  split: SplitEntry[];
  colors: RouteColors;
  errors: FieldErrors;
  disabled?: boolean;
};

function withCompare(shadow: Shadow, compare: Shadow["compare"]): Shadow {
  const { compare: _previous, ...rest } = shadow;
  return compare === undefined ? rest : { ...rest, compare };
}

/**
 * Shadows: each mirrors its own share (0–100 %) of the rule's traffic to a route, drawn
 * independently of the primary choice. Any route may be a shadow; a request whose primary
 * route is the shadow route itself is not mirrored to it.
 */
export function ShadowSliders({ shadows, onChange, routes, split, colors, errors, disabled }: ShadowSlidersProps) {
  const available = routes.filter((r) => !shadows.some((s) => s.route === r));
  const set = (i: number, hundredths: number) =>
    onChange(shadows.map((s, k) => (k === i ? { ...s, percent: toPercent(Math.min(10_000, Math.max(0, hundredths))) } : s)));

  return (
    <div className="flex flex-col gap-3" data-testid="shadow-sliders">
      {shadows.length === 0 ? <p className="text-sm text-muted-foreground">No shadow traffic: requests go to their route only.</p> : null}
      <ul className="flex flex-col gap-2.5" aria-label="Shadows">
        {shadows.map((shadow, i) => {
          const inSplit = split.some((s) => s.route === shadow.route);
          const prefix = `shadows.${i}`;
          // The comparison's own errors show in its editor.
          const error = errors[prefix] ?? errorAt(errors, `${prefix}.route`) ?? errorAt(errors, `${prefix}.percent`);
          const compareErrors = Object.fromEntries(
            Object.entries(errors)
              .filter(([path]) => path === `${prefix}.compare` || path.startsWith(`${prefix}.compare.`))
              .map(([path, message]) => [path.slice(`${prefix}.compare`.length + 1), message]),
          );
          return (
            <li key={shadow.route} data-testid={`shadow-row-${shadow.route}`} className="flex flex-col gap-1">
              <div className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)_auto_auto] items-center gap-2">
                <span className="flex min-w-0 items-center gap-1.5 text-sm">
                  <CopyIcon aria-hidden="true" className="size-3.5 shrink-0 text-muted-foreground" />
                  <span className="truncate font-mono" title={shadow.route}>
                    {shadow.route}
                  </span>
                </span>
                <PercentSlider
                  label={`Shadow share to ${shadow.route}`}
                  value={toHundredths(shadow.percent)}
                  onValue={(v) => set(i, v)}
                  disabled={disabled}
                  color={cn(colors(shadow.route), "opacity-60")}
                />
                <WeightInput
                  aria-label={`Shadow share to ${shadow.route} in percent`}
                  value={toHundredths(shadow.percent)}
                  onValue={(v) => set(i, v)}
                  disabled={disabled}
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={`Stop mirroring to ${shadow.route}`}
                  disabled={disabled}
                  onClick={() => onChange(shadows.filter((_, k) => k !== i))}
                >
                  <XIcon aria-hidden="true" />
                </Button>
              </div>
              {inSplit ? (
                <p className="text-xs text-muted-foreground">
                  Requests whose route is already <span className="font-mono">{shadow.route}</span> are not mirrored to it again.
                </p>
              ) : null}
              {error ? <p className="text-xs text-destructive">{error}</p> : null}
              <CompareEditor
                id={`shadow-${shadow.route}`}
                route={shadow.route}
                value={shadow.compare}
                onChange={(compare) => onChange(shadows.map((s, k) => (k === i ? withCompare(s, compare) : s)))}
                errors={compareErrors}
                disabled={disabled}
              />
            </li>
          );
        })}
      </ul>
      <AddRoutePicker available={available} label="Route to mirror traffic to" action="Add shadow" disabled={disabled} onAdd={(route) => onChange([...shadows, { route, percent: 10 }])} />
    </div>
  );
}

"use client";

import * as React from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils/cn";

type WeightInputProps = Omit<React.ComponentProps<"input">, "value" | "onChange" | "type"> & {
  /** The value in hundredths of a percent. */
  value: number;
  /** Called with hundredths on every valid entry. */
  onValue: (hundredths: number) => void;
  onEditStart?: () => void;
  onEditEnd?: () => void;
  /** Called when the field is left holding less or more than was typed (the value was clamped). */
  onAdjusted?: (typed: number, applied: number) => void;
};

const show = (hundredths: number) => (hundredths / 100).toFixed(2).replace(/\.?0+$/, "");

/**
 * A percentage field with 0.01 steps. While focused it keeps what is typed (so "12." is
 * not rewritten under the caret) and reports each valid number; on blur it shows the value
 * that was actually applied (clamped or rebalanced).
 */
export function WeightInput({ value, onValue, onEditStart, onEditEnd, onAdjusted, className, ...props }: WeightInputProps) {
  const [text, setText] = React.useState<string | null>(null);
  return (
    <div className={cn("relative w-28 shrink-0", className)}>
      <Input
        type="number"
        inputMode="decimal"
        min={0}
        max={100}
        step={0.01}
        value={text ?? show(value)}
        onFocus={() => {
          setText(show(value));
          onEditStart?.();
        }}
        onBlur={() => {
          const typed = text === null || text.trim() === "" ? NaN : Math.round(Number(text) * 100);
          if (Number.isFinite(typed) && typed !== value) onAdjusted?.(typed, value);
          setText(null);
          onEditEnd?.();
        }}
        onChange={(e) => {
          setText(e.target.value);
          const n = e.target.value.trim() === "" ? NaN : Number(e.target.value);
          if (Number.isFinite(n)) onValue(Math.round(n * 100));
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            setText(show(value));
          }
        }}
        className="pr-7 text-right font-mono tabular-nums"
        {...props}
      />
      <span aria-hidden="true" className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-xs text-muted-foreground">
        %
      </span>
    </div>
  );
}

"use client";

import { Slider } from "radix-ui";
import { cn } from "@/lib/utils/cn";

type PercentSliderProps = {
  /** Accessible name of the thumb, e.g. "Weight of canary". */
  label: string;
  /** Hundredths of a percent. */
  value: number;
  onValue: (hundredths: number) => void;
  onDragStart?: () => void;
  onCommit?: () => void;
  disabled?: boolean;
  /** Tailwind background class of the filled part (the route's colour). */
  color?: string;
  testId?: string;
};

/**
 * 0–100 % in whole-percent steps (arrows ±1, Page Up/Down and Shift+arrows ±10, Home/End);
 * the numeric field next to it takes 0.01 % steps.
 */
export function PercentSlider({ label, value, onValue, onDragStart, onCommit, disabled, color, testId }: PercentSliderProps) {
  return (
    <Slider.Root
      className="relative flex h-5 w-full min-w-24 touch-none items-center select-none data-[disabled]:opacity-50"
      min={0}
      max={100}
      step={1}
      value={[value / 100]}
      onValueChange={([v]) => onValue(Math.round((v ?? 0) * 100))}
      onPointerDown={onDragStart}
      onValueCommit={onCommit}
      disabled={disabled}
      data-testid={testId}
    >
      <Slider.Track className="relative h-1.5 grow overflow-hidden rounded-full bg-muted">
        <Slider.Range className={cn("absolute h-full", color ?? "bg-primary")} />
      </Slider.Track>
      <Slider.Thumb
        aria-label={label}
        aria-valuetext={`${(value / 100).toFixed(2).replace(/\.?0+$/, "")} %`}
        className="block size-4 rounded-full border-2 border-primary bg-background shadow-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[disabled]:cursor-not-allowed"
      />
    </Slider.Root>
  );
}

"use client";

import { PlusIcon, Trash2Icon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { MAX_STEPS } from "@/lib/rollouts/schema";
import type { StepRow } from "./form-state";

type Props = { steps: StepRow[]; onChange: (steps: StepRow[]) => void; errorAt: (path: string) => string | undefined };

/** The canary's weight per step, how long each bakes, and whether it waits for approval. */
export function StepsFields({ steps, onChange, errorAt }: Props) {
  const set = (i: number, patch: Partial<StepRow>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const last = steps[steps.length - 1];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-semibold">Steps</legend>
      <p className="text-xs text-muted-foreground">
        Each step is a deploy giving the canary this share of the rule&apos;s traffic, taken from the baseline only. A step lasts at least its bake time and until its gates pass;
        with &quot;wait for approval&quot; it then waits until someone resumes the rollout.
      </p>
      <ol className="flex flex-col gap-2">
        {steps.map((step, i) => {
          const weightError = errorAt(`steps.${i}.weight`);
          const bakeError = errorAt(`steps.${i}.bakeSeconds`);
          return (
            <li key={i} className="grid grid-cols-[auto_1fr_1fr_auto_auto] items-center gap-2" data-testid="step-row">
              <span className="w-14 text-xs text-muted-foreground">Step {i + 1}</span>
              <label className="flex items-center gap-1 text-sm">
                <Input aria-label={`Step ${i + 1} canary weight (%)`} inputMode="decimal" value={step.weight} aria-invalid={weightError ? true : undefined} onChange={(e) => set(i, { weight: e.target.value })} />%
              </label>
              <label className="flex items-center gap-1 text-sm">
                <Input aria-label={`Step ${i + 1} bake time (seconds)`} inputMode="numeric" value={step.bakeSeconds} aria-invalid={bakeError ? true : undefined} onChange={(e) => set(i, { bakeSeconds: e.target.value })} />s
              </label>
              <label className="flex items-center gap-1.5 text-xs">
                <input type="checkbox" checked={step.pause} onChange={(e) => set(i, { pause: e.target.checked })} aria-label={`Step ${i + 1} waits for approval`} />
                wait for approval
              </label>
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove step ${i + 1}`} disabled={steps.length === 1} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                <Trash2Icon aria-hidden="true" />
              </Button>
              {weightError || bakeError ? (
                <p className="col-span-5 text-xs font-medium text-destructive" data-testid={`step-${i}-error`}>
                  {weightError ?? bakeError}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {errorAt("steps") && !steps.some((_, i) => errorAt(`steps.${i}`)) ? <p className="text-xs font-medium text-destructive">{errorAt("steps")}</p> : null}
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={steps.length >= MAX_STEPS}
          onClick={() => onChange([...steps, { weight: "100", bakeSeconds: last?.bakeSeconds ?? "300", pause: false }])}
        >
          <PlusIcon aria-hidden="true" />
          Add step
        </Button>
      </div>
    </fieldset>
  );
}

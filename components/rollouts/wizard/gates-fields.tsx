"use client";

import { Input } from "@/components/ui/input";
import { Field } from "@/components/routers/form-controls";
import { ROLLOUT_DEFAULTS } from "@/lib/rollouts/schema";
import type { GateKey, WizardForm } from "./form-state";

type GateDoc = { key: GateKey; label: string; unit: string; hint: string; optional?: boolean };

/** Each gate with its default as placeholder and what it means, in the words a reviewer needs. */
const GATES: GateDoc[] = [
  { key: "intervalSeconds", label: "Evaluate every", unit: "s", hint: "Each evaluation reads the fleet's traffic of the last interval for this rule, canary against baseline." },
  { key: "minRequests", label: "Minimum requests", unit: "", hint: "Fewer canary requests (or compared shadow answers) in an interval make it inconclusive: the step holds, it never passes on too little data." },
  { key: "maxErrorRate", label: "Canary error rate at most", unit: "%", hint: "5xx answers, gateway timeouts included, over the canary's requests.", optional: true },
  { key: "maxErrorRateIncrease", label: "Error rate above the baseline's at most", unit: "points", hint: "Catches a canary that is worse than what it replaces even under an absolute limit.", optional: true },
  { key: "maxP95Ratio", label: "p95 latency at most", unit: "× baseline", hint: "The canary's 95th percentile latency against the baseline's over the same interval.", optional: true },
  { key: "p95ToleranceMs", label: "…unless within", unit: "ms", hint: "A p95 only this much above the baseline's never fails, whatever the ratio (fast routes have noisy ratios)." },
  { key: "failureLimit", label: "Abort after", unit: "failed evaluations in a row", hint: "Then the version active before the rollout is deployed again, slot tables included." },
  { key: "passesToAdvance", label: "Advance after", unit: "passed evaluations in a row", hint: "Besides the bake time. Inconclusive evaluations reset the count." },
];

type Props = { form: WizardForm; onChange: (patch: Partial<WizardForm>) => void; errorAt: (path: string) => string | undefined };

export function GatesFields({ form, onChange, errorAt }: Props) {
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-semibold">Gates</legend>
      {GATES.map((g) => {
        const off = g.optional ? (form.off[g.key as keyof WizardForm["off"]] ?? false) : false;
        return (
          <Field key={g.key} id={`gate-${g.key}`} label={`${g.label}${g.unit ? ` (${g.unit})` : ""}`} hint={g.hint} error={errorAt(`gates.${g.key}`)}>
            {(aria) => (
              <div className="flex items-center gap-2">
                <Input
                  {...aria}
                  inputMode="decimal"
                  disabled={off}
                  placeholder={String(ROLLOUT_DEFAULTS[g.key])}
                  value={form.gates[g.key]}
                  onChange={(e) => onChange({ gates: { ...form.gates, [g.key]: e.target.value } })}
                />
                {g.optional ? (
                  <label className="flex shrink-0 items-center gap-1 text-xs">
                    <input type="checkbox" checked={off} onChange={(e) => onChange({ off: { ...form.off, [g.key]: e.target.checked } })} />
                    off
                  </label>
                ) : null}
              </div>
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}

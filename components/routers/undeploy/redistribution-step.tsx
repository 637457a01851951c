import { useId } from "react";
import type { Route } from "@/lib/router/document";
import type { RouteUse } from "@/lib/routers/edits";
import { UNDEPLOY_MODES, type UndeployMode } from "@/lib/routers/undeploy";
import { Field, NativeSelect } from "@/components/routers/form-controls";
import type { RouteColors } from "@/components/routers/route-colors";
import { ruleLabel } from "@/components/routers/routes/usage";
import { cn } from "@/lib/utils/cn";
import { ManualRuleWeights, type ManualWeights } from "./manual-weights";
import { MODE_TEXT } from "./undeploy-modes";

type Props = {
  route: string;
  uses: RouteUse[];
  /** The routes that can take the removed route's traffic. */
  others: Route[];
  colors: RouteColors;
  mode: UndeployMode;
  onModeChange: (mode: UndeployMode) => void;
  replacement: string;
  onReplacementChange: (route: string) => void;
  manual: ManualWeights;
  onManualChange: (rule: string, weights: Record<string, number>) => void;
};

/** Step 3: how the route's weight is redistributed, the replacement where it is a rule's only route, and manual weights. */
export function RedistributionStep({ route, uses, others, colors, mode, onModeChange, replacement, onReplacementChange, manual, onManualChange }: Props) {
  const replacementId = useId();
  const needsReplacement = uses.some((u) => u.only);
  const manualRules = uses.filter((u) => u.inSplit && !u.only);
  return (
    <div className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-semibold">How should the weight of {route} be redistributed?</legend>
        {UNDEPLOY_MODES.map((m) => (
          <label key={m} className={cn("flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm", mode === m && "border-primary bg-accent")}>
            <input type="radio" name="mode" value={m} className="mt-1" checked={mode === m} onChange={() => onModeChange(m)} />
            <span className="flex flex-col gap-0.5">
              <span className="font-medium">{MODE_TEXT[m].label}</span>
              <span className="text-muted-foreground">{MODE_TEXT[m].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {needsReplacement ? (
        <Field
          id={replacementId}
          label="Replacement route"
          hint={`Takes all the traffic of ${uses
            .filter((u) => u.only)
            .map((u) => ruleLabel(u.rule))
            .join(", ")}, where ${route} is the only route.`}
        >
          {(aria) => (
            <NativeSelect {...aria} value={replacement} onChange={(e) => onReplacementChange(e.target.value)} required>
              <option value="">Choose a route…</option>
              {others.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
      ) : null}

      {mode === "manual" ? (
        manualRules.length === 0 ? (
          <p className="text-sm text-muted-foreground">No rule splits traffic between {route} and other routes, so there are no weights to set.</p>
        ) : (
          <div className="flex flex-col gap-3">
            {manualRules.map((u) => (
              <ManualRuleWeights key={u.rule} use={u} route={route} weights={manual[u.rule] ?? {}} colors={colors} onChange={(w) => onManualChange(u.rule, w)} />
            ))}
          </div>
        )
      ) : null}
    </div>
  );
}

import { useId } from "react";
import type { UndeployMode } from "@/lib/routers/undeploy";
import { Label } from "@/components/ui/label";
import { Field, FormError, Textarea } from "@/components/routers/form-controls";
import type { UndeployResult } from "@/components/routers/queries/types";
import { MODE_TEXT } from "./undeploy-modes";

type Props = {
  route: string;
  preview: UndeployResult;
  mode: UndeployMode;
  /** The replacement route, when some rule had the removed route as its only one. */
  replacement: string | null;
  deployNow: boolean;
  onDeployNowChange: (deployNow: boolean) => void;
  message: string;
  onMessageChange: (message: string) => void;
  /** The undeploy went into the draft but the deploy after it failed. */
  deployFailure: string | null;
};

/** Step 5: what applying does to the draft, and optionally a deploy right after it. */
export function ApplyStep({ route, preview, mode, replacement, deployNow, onDeployNowChange, message, onMessageChange, deployFailure }: Props) {
  const ids = { message: useId(), deployNow: useId() };
  const rules = preview.rules.length;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        Apply to the draft: <span className="font-mono font-medium">{route}</span> leaves {rules} {rules === 1 ? "rule" : "rules"} and the route list (
        {MODE_TEXT[mode].label.toLowerCase()} redistribution{replacement ? `, ${replacement} as replacement` : ""}).
      </p>
      <div className="flex items-center gap-2">
        <input id={ids.deployNow} type="checkbox" checked={deployNow} onChange={(e) => onDeployNowChange(e.target.checked)} className="size-4" />
        <Label htmlFor={ids.deployNow}>Deploy right away</Label>
      </div>
      {deployNow ? (
        <Field id={ids.message} label="Deploy message" hint="Kept with the new version.">
          {(aria) => <Textarea {...aria} rows={2} maxLength={500} value={message} onChange={(e) => onMessageChange(e.target.value)} placeholder={`Undeploy ${route}`} />}
        </Field>
      ) : null}
      {deployFailure ? <FormError testId="undeploy-deploy-failure">{deployFailure}</FormError> : null}
    </div>
  );
}

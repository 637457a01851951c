import { TriangleAlertIcon } from "lucide-react";
import type { UndeployRuleImpact } from "@/lib/routers/undeploy";
import { idleShadows } from "@/lib/routers/undeploy";
import { formatPercent } from "@/components/common/format";

/** The preview's warning about shadows the undeploy would leave on a rule's only route. */
export function IdleShadowWarning({ rules }: { rules: UndeployRuleImpact[] }) {
  const idle = idleShadows(rules);
  if (idle.length === 0) return null;
  return (
    <div role="note" data-testid="idle-shadow-warning" className="flex gap-2 rounded-md border border-warning/40 bg-warning/10 px-4 py-3 text-sm">
      <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning" />
      <div className="flex flex-col gap-1">
        <p className="font-medium">{idle.length === 1 ? "A shadow would never fire" : `${idle.length} shadows would never fire`}</p>
        <ul className="flex flex-col gap-0.5 text-muted-foreground">
          {idle.map((s) => (
            <li key={`${s.rule}:${s.route}`}>
              {s.rule === "default" ? "The default rule" : <>Rule <span className="font-mono text-foreground">{s.rule}</span></>} would send every request to{" "}
              <span className="font-mono text-foreground">{s.route}</span>, which it also mirrors {formatPercent(s.percent)} to. A request is never mirrored to the
              route that serves it, so this shadow would never be sent. Remove it from the rule, or keep another route in its split.
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

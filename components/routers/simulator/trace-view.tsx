import { CheckIcon, CopyIcon, KeyRoundIcon, PinIcon, XIcon } from "lucide-react";
import type { ConditionTrace, RuleTrace, Trace } from "@/lib/engine";
import type { Decision } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { formatConditionValues } from "@/components/conditions/condition-chip";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";

const SLOT_COUNT = 10_000;

/** The decision in a sentence or two: route, rule, sticky key and slot, shadows, or the error. */
export function DecisionSummary({ decision, trace, colors }: { decision: Decision; trace: Trace; colors: RouteColors }) {
  if ("error" in decision) {
    return (
      <div role="status" data-testid="simulation-decision" className="rounded-md border border-destructive/30 bg-destructive/5 px-4 py-3 text-sm">
        <p className="font-medium text-destructive">
          The gateway would answer {decision.error.status} <span className="font-mono">{decision.error.code}</span>
        </p>
        <p className="text-muted-foreground">{decision.error.message}</p>
      </div>
    );
  }
  return (
    <div role="status" data-testid="simulation-decision" className="flex flex-col gap-2 rounded-md border bg-muted/30 px-4 py-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className="text-muted-foreground">Route</span>
        <span className="flex items-center gap-1.5 text-base font-semibold" data-testid="simulation-route">
          <span aria-hidden="true" className={cn("size-3 rounded-full", colors(decision.route))} />
          <span className="font-mono">{decision.route}</span>
        </span>
        <span className="text-muted-foreground">via rule</span>
        <span className="font-mono font-medium" data-testid="simulation-rule">
          {decision.rule}
        </span>
      </p>
      {decision.pinned ? (
        <p className="flex items-center gap-1.5">
          <PinIcon aria-hidden="true" className="size-4" />
          Pinned by the <code className="font-mono">x-turnout-route</code> header
        </p>
      ) : null}
      {trace.sticky ? (
        <p className="flex flex-wrap items-center gap-1.5" data-testid="simulation-sticky">
          <KeyRoundIcon aria-hidden="true" className="size-4" />
          Sticky key <span className="font-mono font-medium">{trace.sticky.value}</span> from {trace.sticky.source}{" "}
          <span className="font-mono">{trace.sticky.key}</span> → slot <span className="font-mono font-medium tabular-nums">{trace.sticky.slot}</span> of{" "}
          {SLOT_COUNT.toLocaleString("en-US")}
        </p>
      ) : (
        <p className="text-muted-foreground">{decision.pinned ? "" : decision.sticky ? "" : "Random draw (no sticky key used)."}</p>
      )}
      <p className="flex flex-wrap items-center gap-1.5" data-testid="simulation-shadows">
        <CopyIcon aria-hidden="true" className="size-4" />
        {decision.shadows.length ? (
          <>
            Mirrored to{" "}
            {decision.shadows.map((s) => (
              <span key={s} className="font-mono font-medium">
                {s}
              </span>
            ))}
            <span className="text-muted-foreground">(this draw; shadows are drawn per request)</span>
          </>
        ) : (
          <span className="text-muted-foreground">No shadow this time.</span>
        )}
      </p>
    </div>
  );
}

function ConditionRow({ c }: { c: ConditionTrace }) {
  const expected = formatConditionValues({ source: c.source, key: c.key, operator: c.operator, values: [...c.values] });
  return (
    <tr className={cn("border-b last:border-0", c.passed ? "" : "bg-destructive/5")} data-testid="trace-condition" data-passed={c.passed ? "true" : "false"}>
      <td className="px-2 py-1.5">
        {c.passed ? (
          <span className="flex items-center gap-1 text-success">
            <CheckIcon aria-hidden="true" className="size-4" />
            pass
          </span>
        ) : (
          <span className="flex items-center gap-1 text-destructive">
            <XIcon aria-hidden="true" className="size-4" />
            fail
          </span>
        )}
      </td>
      <td className="px-2 py-1.5 text-muted-foreground">
        {c.source}
        {c.audience ? <span className="block text-xs">audience {c.audience}</span> : null}
      </td>
      <td className="px-2 py-1.5 font-mono break-all">{c.key}</td>
      <td className="px-2 py-1.5 italic text-muted-foreground">{c.operator}</td>
      <td className="px-2 py-1.5 font-mono break-all">{expected || <span className="text-muted-foreground">—</span>}</td>
      <td className="px-2 py-1.5 font-mono break-all">
        {c.present ? c.value : <span className="text-muted-foreground not-italic">missing</span>}
        {c.errors?.length ? <span className="block text-xs text-destructive">{c.errors.join("; ")}</span> : null}
      </td>
    </tr>
  );
}

function RuleRow({ rule, index }: { rule: RuleTrace; index: number }) {
  const status = rule.chosen ? "chosen" : rule.matched ? "matched, but an earlier rule won" : "no match";
  return (
    <li
      data-testid={`trace-rule-${rule.rule}`}
      data-chosen={rule.chosen ? "true" : undefined}
      aria-current={rule.chosen ? "true" : undefined}
      className={cn("flex flex-col gap-2 rounded-md border px-3 py-2", rule.chosen ? "border-success bg-success/5 ring-1 ring-success/40" : "")}
    >
      <div className="flex flex-wrap items-center gap-2">
        {rule.rule !== "default" ? <span className="text-xs tabular-nums text-muted-foreground">{index + 1}.</span> : null}
        <span className="font-mono text-sm font-medium">{rule.rule === "default" ? "default rule" : rule.rule}</span>
        <Badge variant={rule.chosen ? "success" : rule.matched ? "secondary" : "outline"}>{status}</Badge>
        {rule.audienceMissing ? <Badge variant="destructive">audience {rule.audience} does not exist</Badge> : null}
      </div>
      {rule.conditions.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-xs">
            <caption className="sr-only">Conditions of {rule.rule}</caption>
            <thead className="text-left text-muted-foreground">
              <tr className="border-b">
                <th scope="col" className="px-2 py-1 font-medium">
                  Result
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Source
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Key
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Operator
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Expected
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Value read
                </th>
              </tr>
            </thead>
            <tbody>
              {rule.conditions.map((c, i) => (
                <ConditionRow key={i} c={c} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-xs text-muted-foreground">{rule.rule === "default" ? "No conditions: catches every request no rule above matched." : "No conditions: matches every request."}</p>
      )}
    </li>
  );
}

/** Every rule in order with every condition's pass/fail, the value read and the value expected. */
export function TraceView({ trace }: { trace: Trace }) {
  return (
    <ol className="flex flex-col gap-2" aria-label="Rules evaluated, in order" data-testid="simulation-trace">
      {trace.rules.map((r, i) => (
        <RuleRow key={r.rule} rule={r} index={i} />
      ))}
    </ol>
  );
}

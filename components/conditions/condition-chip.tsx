import type { Condition } from "@/lib/router/document";
import { cn } from "@/lib/utils/cn";

/** Quotes a value only when it would otherwise read ambiguously in a list. */
function formatValue(value: string | number): string {
  if (typeof value === "number") return String(value);
  return value === "" || /[\s,"]/.test(value) ? JSON.stringify(value) : value;
}

/** The condition as one line of text: `payload metadata.location in new-york`. */
export function formatConditionValues(condition: Condition): string {
  switch (condition.operator) {
    case "present":
      return "";
    case "range": {
      const [min, max] = condition.values;
      return `${formatValue(min ?? "?")}–${formatValue(max ?? "?")}`;
    }
    default:
      return condition.values.map(formatValue).join(", ");
  }
}

export function formatCondition(condition: Condition): string {
  const values = formatConditionValues(condition);
  return [condition.source, condition.key, condition.operator, values].filter(Boolean).join(" ");
}

export function ConditionChip({ condition, className }: { condition: Condition; className?: string }) {
  const values = formatConditionValues(condition);
  return (
    <span
      data-testid="condition-chip"
      className={cn(
        "inline-flex max-w-full flex-wrap items-baseline gap-x-1 rounded-md border bg-muted/60 px-2 py-0.5 text-xs",
        className,
      )}
    >
      <span className="text-muted-foreground">{condition.source}</span>{" "}
      <span className="font-mono font-medium break-all">{condition.key}</span>{" "}
      <span className="font-medium text-muted-foreground italic">{condition.operator}</span>
      {values ? (
        <>
          {" "}
          <span className="font-mono font-semibold break-all">{values}</span>
        </>
      ) : null}
    </span>
  );
}

/** Conditions ANDed together, as chips joined by "and". */
export function ConditionList({ conditions, className }: { conditions: Condition[]; className?: string }) {
  return (
    <ul className={cn("flex flex-wrap items-center gap-1.5", className)} aria-label="Conditions, all of which must hold">
      {conditions.map((condition, i) => (
        <li key={i} className="flex items-center gap-1.5">
          {i > 0 ? (
            <span className="text-xs text-muted-foreground" aria-hidden="true">
              and
            </span>
          ) : null}
          <ConditionChip condition={condition} />
        </li>
      ))}
    </ul>
  );
}

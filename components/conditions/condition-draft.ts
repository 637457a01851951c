import type { Condition, ConditionOperator, ConditionSource } from "@/lib/router/document";

export const SOURCES: { value: ConditionSource; label: string; keyHint: string }[] = [
  { value: "header", label: "Header", keyHint: "x-tier" },
  { value: "payload", label: "Payload", keyHint: "user.id" },
  { value: "query", label: "Query parameter", keyHint: "client" },
];

export const OPERATORS: { value: ConditionOperator; label: string; help: string }[] = [
  { value: "in", label: "is one of", help: "equals any of the values" },
  { value: "prefix", label: "starts with", help: "starts with any of the values" },
  { value: "suffix", label: "ends with", help: "ends with any of the values" },
  { value: "contains", label: "contains", help: "contains any of the values" },
  { value: "regex", label: "matches regex", help: "fully matches any of the RE2 patterns" },
  { value: "present", label: "is present", help: "the key exists (any value)" },
  { value: "range", label: "is in range", help: "a number between min and max, inclusive" },
];

export function emptyCondition(): Condition {
  return { source: "header", key: "", operator: "in", values: [] };
}

/** Keeps what still makes sense when the operator changes: texts between text operators, numbers for a range. */
export function withOperator(condition: Condition, operator: ConditionOperator): Condition {
  if (operator === condition.operator) return condition;
  if (operator === "present") return { ...condition, operator, values: [] };
  if (operator === "range") {
    const numbers = condition.values.map((v) => (typeof v === "number" ? v : v.trim() === "" ? NaN : Number(v)));
    return { ...condition, operator, values: numbers.length === 2 && numbers.every(Number.isFinite) ? numbers : [] };
  }
  return { ...condition, operator, values: condition.operator === "range" ? [] : condition.values.map(String) };
}

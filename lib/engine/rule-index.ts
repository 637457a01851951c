/**
 * The exact-match index. Routers with many rules usually discriminate on one field
 * (`x-tenant in [...]`, `country_code in [...]`): rules holding an `in` condition on that
 * field are filed under each of its values, so a request only tests the rules filed under
 * its own value plus the rules no index covers, still in first-match order.
 *
 * Presence gates do the same for the other operators: every operator fails on a missing
 * field, so the rules testing a field a request lacks (`x-region prefix …` without an
 * `x-region` header) are skipped together after one read of that field.
 */
import type { CompiledRule, RuleCondition } from "./compiled";
import { readField, type Field, type Headers, type Query } from "./values";

export interface ExactIndex {
  readonly field: Field;
  /** Field text → positions (ascending) of the rules an `in` condition files under it. */
  readonly byValue: ReadonlyMap<string, readonly number[]>;
}

/** Rules (positions, ascending) that all test `field`: none can match a request without it. */
export interface PresenceGate {
  readonly field: Field;
  readonly rules: readonly number[];
}

export interface IndexPlan {
  readonly indexes: readonly ExactIndex[];
  readonly gates: readonly PresenceGate[];
  /** Positions of the rules no index or gate covers (ascending): always tested. */
  readonly scan: readonly number[];
  /** Per rule position: the condition the index checks (left out of `matchesRest`), or -1. */
  readonly indexedCondition: readonly number[];
}

/** An index must spare a request at least this many rules: below it, testing them is as cheap. */
const MIN_RULES = 4;
/** Each index costs a field read per request, whatever it covers. */
const MAX_INDEXES = 4;
/** Each gate costs a field read per request, and a list in the merge. */
const MAX_GATES = 4;

function fieldId(field: Field): string {
  return `${field.source}\u0000${field.source === "header" ? field.name : field.key}`;
}

/** `conditions[i]` is rule i's full condition list; `never[i]` marks rules that cannot match. */
export function planIndex(conditions: readonly (readonly RuleCondition[])[], never: readonly boolean[], enabled = true): IndexPlan {
  const indexedCondition = conditions.map(() => -1);
  let remaining = conditions.map((_, i) => i).filter((i) => !never[i]);
  const indexes: ExactIndex[] = [];

  while (enabled && indexes.length < MAX_INDEXES) {
    // Per field: the rules it covers, and how many of them each value files.
    const coverage = new Map<string, { field: Field; rules: number; perValue: Map<string, number> }>();
    for (const position of remaining) {
      const seen = new Set<string>();
      for (const { compiled } of conditions[position]!) {
        if (compiled.condition.operator !== "in") continue;
        const id = fieldId(compiled.field);
        if (seen.has(id)) continue;
        seen.add(id);
        const entry = coverage.get(id) ?? { field: compiled.field, rules: 0, perValue: new Map<string, number>() };
        entry.rules++;
        for (const value of new Set(compiled.condition.values.map(String))) entry.perValue.set(value, (entry.perValue.get(value) ?? 0) + 1);
        coverage.set(id, entry);
      }
    }
    // Worth = rules a request skips even when its value files the most rules: an index on a
    // field every rule tests for the same value (`tier in [gold]`) skips nothing.
    let best: { id: string; field: Field; worth: number } | null = null;
    for (const [id, entry] of coverage) {
      const worth = entry.rules - Math.max(...entry.perValue.values());
      if (best === null || worth > best.worth) best = { id, field: entry.field, worth };
    }
    if (best === null || best.worth < MIN_RULES) break;

    const byValue = new Map<string, number[]>();
    const rest: number[] = [];
    for (const position of remaining) {
      const ruleConditions = conditions[position]!;
      const at = ruleConditions.findIndex(({ compiled }) => compiled.condition.operator === "in" && fieldId(compiled.field) === best.id);
      if (at < 0) {
        rest.push(position);
        continue;
      }
      indexedCondition[position] = at;
      for (const value of new Set(ruleConditions[at]!.compiled.condition.values.map(String))) {
        const list = byValue.get(value);
        if (list) list.push(position);
        else byValue.set(value, [position]);
      }
    }
    indexes.push({ field: best.field, byValue });
    remaining = rest;
  }
  const gates: PresenceGate[] = [];
  while (enabled && gates.length < MAX_GATES) {
    const gated = new Map<string, { field: Field; rules: number }>();
    for (const position of remaining) {
      const seen = new Set<string>();
      for (const { compiled } of conditions[position]!) {
        const id = fieldId(compiled.field);
        if (seen.has(id)) continue;
        seen.add(id);
        const entry = gated.get(id) ?? { field: compiled.field, rules: 0 };
        entry.rules++;
        gated.set(id, entry);
      }
    }
    let best: { id: string; field: Field; rules: number } | null = null;
    for (const [id, entry] of gated) if (best === null || entry.rules > best.rules) best = { id, ...entry };
    if (best === null || best.rules < MIN_RULES) break;
    const rules: number[] = [];
    const rest: number[] = [];
    for (const position of remaining) {
      if (conditions[position]!.some(({ compiled }) => fieldId(compiled.field) === best.id)) rules.push(position);
      else rest.push(position);
    }
    gates.push({ field: best.field, rules });
    remaining = rest;
  }
  return { indexes, gates, scan: remaining, indexedCondition };
}

const EMPTY: readonly number[] = [];

/**
 * Finds the first matching rule through the plan: a merge, in rule order, of the rules filed
 * under the request's value in each index, the rules of each gate whose field the request
 * has, and the rules left to scan. `lists`/`cursors` are scratch arrays of length
 * indexes + gates + 1 owned by the caller, so a request allocates nothing here.
 */
export function firstMatchIndexed(
  plan: IndexPlan,
  rules: readonly CompiledRule[],
  lists: (readonly number[])[],
  cursors: number[],
  headers: Headers | undefined,
  query: Query | undefined,
  body: unknown,
): CompiledRule | null {
  const { indexes, gates, scan } = plan;
  const k = indexes.length;
  for (let i = 0; i < k; i++) {
    const index = indexes[i]!;
    const value = readField(index.field, headers, query, body);
    lists[i] = typeof value === "string" ? (index.byValue.get(value) ?? EMPTY) : EMPTY;
    cursors[i] = 0;
  }
  const last = k + gates.length;
  for (let g = 0; g < gates.length; g++) {
    const gate = gates[g]!;
    lists[k + g] = readField(gate.field, headers, query, body) === undefined ? EMPTY : gate.rules;
    cursors[k + g] = 0;
  }
  lists[last] = scan;
  cursors[last] = 0;
  for (;;) {
    let best = -1;
    let bestPosition = Infinity;
    for (let i = 0; i <= last; i++) {
      const list = lists[i]!;
      const cursor = cursors[i]!;
      if (cursor < list.length && list[cursor]! < bestPosition) {
        bestPosition = list[cursor]!;
        best = i;
      }
    }
    if (best < 0) return null;
    cursors[best] = cursors[best]! + 1;
    const rule = rules[bestPosition]!;
    if (best < k ? rule.matchesRest(headers, query, body) : rule.matches(headers, query, body)) return rule;
  }
}

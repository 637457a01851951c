/**
 * decide(): pin, first matching rule (else default), then the route — by a uniform slot draw
 * (random) or by the key's bucket in the rule's slot table (sticky) — and the shadows, each
 * drawn on its own. Runs per request: no parsing, no compiling, few allocations.
 */
import { SLOT_COUNT, type Decision, type RoutingRequest } from "../router/document";
import type { CompiledRule, ConditionTrace, Matcher, Rng, RuleTrace, Trace } from "./compiled";
import { bucketOf } from "./murmur3";
import { resolvePath } from "./paths";
import { firstMatchIndexed, type IndexPlan } from "./rule-index";
import { compileField, lowerCaseHeaders, readField, STRUCTURED, type Field, type Headers, type Query } from "./values";

export interface RouterState {
  readonly name: string;
  readonly seed: string;
  readonly rules: readonly CompiledRule[];
  readonly defaultRule: CompiledRule | null;
  readonly plan: IndexPlan;
  /** `matches` of the rules in `plan.scan`, in a dense array: the scan touches nothing else. */
  readonly scanMatchers: readonly Matcher[];
  /** Scratch for the index merge (see firstMatchIndexed). */
  readonly lists: (readonly number[])[];
  readonly cursors: number[];
  readonly keySources: readonly Field[];
  readonly missingKey: "reject" | "random";
  readonly allowPin: boolean;
  readonly routeNames: ReadonlySet<string>;
}

export const PIN_HEADER = "x-turnout-route";
const pinField = compileField("header", PIN_HEADER);

function firstMatch(state: RouterState, headers: Headers | undefined, query: Query | undefined, body: unknown): CompiledRule | null {
  const { plan, rules } = state;
  if (plan.indexes.length === 0 && plan.gates.length === 0) {
    const matchers = state.scanMatchers;
    for (let i = 0; i < matchers.length; i++) {
      if (matchers[i]!(headers, query, body)) return rules[plan.scan[i]!]!;
    }
    return state.defaultRule;
  }
  return firstMatchIndexed(plan, rules, state.lists, state.cursors, headers, query, body) ?? state.defaultRule;
}

/** A uniform slot; a misbehaving rng (≥ 1, negative, NaN) is clamped instead of indexing out of the table. */
function drawSlot(rng: Rng): number {
  const slot = Math.floor(rng() * SLOT_COUNT);
  return slot >= 0 ? (slot < SLOT_COUNT ? slot : SLOT_COUNT - 1) : 0;
}

function drawShadows(rule: CompiledRule, route: string, rng: Rng): string[] {
  const shadows: string[] = [];
  const candidates = rule.shadows;
  for (let i = 0; i < candidates.length; i++) {
    const shadow = candidates[i]!;
    // A route is never its own request's shadow: no draw either, so the others' draws do not shift.
    if (shadow.route !== route && rng() < shadow.threshold) shadows.push(shadow.route);
  }
  return shadows;
}

function noMatch(state: RouterState): Decision {
  return {
    error: { status: 404, code: "no_matching_rule", message: `no rule of router "${state.name}" matches the request and it has no default rule` },
  };
}

interface StickyDetail {
  keySource: number;
  key: string;
  slot: number;
}

/** The decision once the rule is known; fills `detail` (trace only) with the sticky key used. */
function routeFor(
  state: RouterState,
  rule: CompiledRule | null,
  headers: Headers | undefined,
  query: Query | undefined,
  body: unknown,
  rng: Rng,
  detail: StickyDetail | null,
  knownSlot?: number,
): Decision {
  if (state.allowPin) {
    const pin = readField(pinField, headers, query, body);
    if (typeof pin === "string" && state.routeNames.has(pin)) {
      if (rule === null) return noMatch(state);
      return { rule: rule.name, route: pin, shadows: drawShadows(rule, pin, rng), sticky: false, pinned: true };
    }
  }
  if (rule === null) return noMatch(state);
  const table = rule.table;
  if (table === null) {
    return { error: { status: 503, code: "no_route", message: `rule "${rule.name}" has no route with a positive weight` } };
  }
  if (rule.strategy === "sticky") {
    const sources = state.keySources;
    for (let at = 0; at < sources.length; at++) {
      const key = readField(sources[at]!, headers, query, body);
      // The first non-empty text wins: an empty header or a payload object is no key.
      if (typeof key !== "string" || key.length === 0) continue;
      const slot = bucketOf(state.seed, key);
      const route = table[slot]!;
      if (detail !== null) {
        detail.keySource = at;
        detail.key = key;
        detail.slot = slot;
      }
      return { rule: rule.name, route, shadows: drawShadows(rule, route, rng), sticky: true, key };
    }
    if (knownSlot !== undefined && knownSlot >= 0 && knownSlot < SLOT_COUNT) {
      const route = table[knownSlot | 0]!;
      return { rule: rule.name, route, shadows: drawShadows(rule, route, rng), sticky: true };
    }
    if (state.missingKey === "reject") return { error: { status: 400, code: "missing_key", message: rule.missingKeyMessage } };
  }
  const route = table[drawSlot(rng)]!;
  return { rule: rule.name, route, shadows: drawShadows(rule, route, rng), sticky: false };
}

export function decideWith(state: RouterState, request: RoutingRequest, rng: Rng, knownSlot?: number): Decision {
  const headers = lowerCaseHeaders(request.headers);
  const rule = firstMatch(state, headers, request.query, request.body);
  return routeFor(state, rule, headers, request.query, request.body, rng, null, knownSlot);
}

export function traceWith(state: RouterState, request: RoutingRequest, rng: Rng): Trace {
  const headers = lowerCaseHeaders(request.headers);
  const { query, body } = request;
  let chosen: CompiledRule | null = null;
  const rules: RuleTrace[] = state.rules.map((rule) => {
    const conditions = rule.conditions.map(({ compiled, audience, path }): ConditionTrace => {
      const value = readField(compiled.field, headers, query, body);
      const { source, key, operator, values } = compiled.condition;
      return {
        source,
        key,
        operator,
        values,
        ...(audience !== undefined ? { audience } : {}),
        path,
        ...(value === undefined ? {} : { value: value === STRUCTURED ? JSON.stringify(resolvePath(compiled.field.segments, body)) : value }),
        present: value !== undefined,
        passed: compiled.test(value),
        ...(compiled.errors.length > 0 ? { errors: compiled.errors } : {}),
      };
    });
    const matched = !rule.audienceMissing && conditions.every((c) => c.passed);
    const isChosen = matched && chosen === null;
    if (isChosen) chosen = rule;
    return { rule: rule.name, audience: rule.audience, audienceMissing: rule.audienceMissing, conditions, matched, chosen: isChosen };
  });
  if (state.defaultRule !== null) {
    const isChosen = chosen === null;
    if (isChosen) chosen = state.defaultRule;
    rules.push({ rule: "default", audience: null, audienceMissing: false, conditions: [], matched: true, chosen: isChosen });
  }

  const detail: StickyDetail = { keySource: -1, key: "", slot: -1 };
  const decision = routeFor(state, chosen, headers, query, body, rng, detail);
  const pin = state.allowPin ? readField(pinField, headers, query, body) : undefined;
  const source = state.keySources[detail.keySource];
  return {
    rules,
    ...(source !== undefined ? { sticky: { source: source.source, key: source.key, value: detail.key, slot: detail.slot } } : {}),
    ...(typeof pin === "string" && state.routeNames.has(pin) ? { pinned: pin } : {}),
    decision,
  };
}

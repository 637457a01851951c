/** The shapes `compile` produces and `decide`/`trace` read: everything precomputed once. */
import type { Condition, Decision, RoutingRequest, Strategy } from "../router/document";
import type { CompiledCondition } from "./conditions";
import type { SlotTable } from "./slots";
import type { Field, Headers, Query } from "./values";

export type Matcher = (headers: Headers | undefined, query: Query | undefined, body: unknown) => boolean;

export interface RuleCondition {
  readonly compiled: CompiledCondition;
  /** Set when the condition comes from the rule's audience. */
  readonly audience?: string;
  /** Where the condition sits in the document, e.g. `audiences.0.conditions.1`. */
  readonly path: string;
}

export interface CompiledShadow {
  readonly route: string;
  /** percent / 100: a draw below it mirrors the request. */
  readonly threshold: number;
}

export interface CompiledRule {
  /** The rule's name, or "default". */
  readonly name: string;
  /** `rules.3` or `defaultRule`. */
  readonly path: string;
  readonly audience: string | null;
  /** The rule names an audience the document does not have: it never matches. */
  readonly audienceMissing: boolean;
  /** Audience conditions first, then the rule's own. */
  readonly conditions: readonly RuleCondition[];
  /** All conditions ANDed. */
  readonly matches: Matcher;
  /** All conditions but the one the exact-match index already checked. */
  readonly matchesRest: Matcher;
  readonly strategy: Strategy;
  /** null when the split cannot route (no route with a positive weight). */
  readonly table: SlotTable | null;
  readonly shadows: readonly CompiledShadow[];
  /** The 400 message for a sticky rule that finds no key. */
  readonly missingKeyMessage: string;
}

export interface CompileWarning {
  readonly path: string;
  readonly message: string;
}

export interface ConditionTrace {
  readonly source: Condition["source"];
  readonly key: string;
  readonly operator: Condition["operator"];
  readonly values: Condition["values"];
  /** Set when the condition comes from the rule's audience. */
  readonly audience?: string;
  readonly path: string;
  /** The field's text as the operator saw it (JSON text for a payload object or array); absent when missing. */
  readonly value?: string;
  readonly present: boolean;
  readonly passed: boolean;
  /** Why some patterns of a regex condition never match. */
  readonly errors?: readonly string[];
}

export interface RuleTrace {
  /** The rule's name, or "default". */
  readonly rule: string;
  readonly audience: string | null;
  readonly audienceMissing: boolean;
  readonly conditions: readonly ConditionTrace[];
  /** Every condition holds (the default rule always holds). */
  readonly matched: boolean;
  /** The first rule that matched: the one the decision comes from. */
  readonly chosen: boolean;
}

export interface Trace {
  readonly rules: readonly RuleTrace[];
  /** The sticky key found, where, and its slot (absent when the chosen rule is not sticky or no key was found). */
  readonly sticky?: { readonly source: Field["source"]; readonly key: string; readonly value: string; readonly slot: number };
  /** The route named by `x-turnout-route` when the router allows pinning and the route exists. */
  readonly pinned?: string;
  readonly decision: Decision;
}

export type Rng = () => number;

/** What a caller may know about a request beyond its fields. */
export interface DecideOptions {
  /**
   * The sticky key's slot, when only the slot was kept (replay of samples recorded with
   * `recordKeys: slot`): a sticky rule that finds no key in the request routes by this slot
   * instead of refusing or drawing. A key the request does carry is hashed as usual.
   */
  readonly slot?: number;
}

export interface CompiledRouter {
  readonly name: string;
  readonly seed: string;
  readonly rules: readonly CompiledRule[];
  readonly defaultRule: CompiledRule | null;
  /** The fields the exact-match index files rules under, most rules first (empty: every rule is tested). */
  readonly indexedFields: readonly { readonly source: Field["source"]; readonly key: string }[];
  /** The fields whose absence skips every rule testing them at once (see rule-index). */
  readonly gatedFields: readonly { readonly source: Field["source"]; readonly key: string }[];
  /** Problems compile worked around (invalid slot tables, unknown audiences, invalid regexes, …). */
  readonly warnings: readonly CompileWarning[];
  /** The routing decision for one request; `rng` draws random splits and shadows (default Math.random). */
  decide(request: RoutingRequest, rng?: Rng, options?: DecideOptions): Decision;
  /** Every rule and condition evaluated, with the extracted values, and the decision. */
  trace(request: RoutingRequest, rng?: Rng): Trace;
}

/**
 * compile(): everything a decision needs, worked out once per document — regexes, parsed
 * paths, lower-cased header names, audiences folded into rules, slot tables, the
 * exact-match index — so that `decide` only reads the request and walks arrays.
 */
import type { Audience, DefaultRule, RouterDocument, Rule } from "../router/document";
import type { CompiledRouter, CompiledRule, CompiledShadow, CompileWarning, Matcher, RuleCondition } from "./compiled";
import { compileCondition } from "./conditions";
import { decideWith, traceWith, type RouterState } from "./decide";
import { planIndex } from "./rule-index";
import { canonicalTable, decodeSlots, type SlotTable } from "./slots";
import { compileField } from "./values";

export interface CompileOptions {
  /** Use the exact-match index (default true). Off, every rule is tested in order: same decisions, slower. */
  index?: boolean;
}

const always: Matcher = () => true;
const never: Matcher = () => false;

/** One closure per rule: V8 calls it directly instead of looping over an array per request. */
function conjunction(matchers: readonly Matcher[]): Matcher {
  const [a, b, c] = matchers;
  switch (matchers.length) {
    case 0:
      return always;
    case 1:
      return a!;
    case 2:
      return (h, q, x) => a!(h, q, x) && b!(h, q, x);
    case 3:
      return (h, q, x) => a!(h, q, x) && b!(h, q, x) && c!(h, q, x);
    default:
      return (h, q, x) => {
        for (let i = 0; i < matchers.length; i++) if (!matchers[i]!(h, q, x)) return false;
        return true;
      };
  }
}

type AudienceIndex = ReadonlyMap<string, { audience: Audience; at: number }>;

function ruleConditions(rule: Rule, audiences: AudienceIndex, warnings: CompileWarning[], path: string): { conditions: RuleCondition[]; audienceMissing: boolean } {
  const conditions: RuleCondition[] = [];
  let audienceMissing = false;
  if (rule.audience) {
    const { audience, at } = audiences.get(rule.audience) ?? { audience: undefined, at: -1 };
    if (audience === undefined) {
      audienceMissing = true;
      warnings.push({ path: `${path}.audience`, message: `audience "${rule.audience}" does not exist: the rule never matches` });
    } else {
      audience.conditions.forEach((condition, i) =>
        conditions.push({ compiled: compileCondition(condition), audience: audience.name, path: `audiences.${at}.conditions.${i}` }),
      );
    }
  }
  rule.conditions.forEach((condition, i) => conditions.push({ compiled: compileCondition(condition), path: `${path}.conditions.${i}` }));
  for (const { compiled, path: conditionPath } of conditions) {
    for (const error of compiled.errors) warnings.push({ path: `${conditionPath}.values`, message: `${error}: that pattern never matches` });
  }
  return { conditions, audienceMissing };
}

function ruleTable(rule: Rule | DefaultRule, path: string, warnings: CompileWarning[]): SlotTable | null {
  let canonical: SlotTable;
  try {
    canonical = canonicalTable(rule.split);
  } catch (error) {
    warnings.push({ path: `${path}.split`, message: `${(error as Error).message}: the rule cannot route` });
    return null;
  }
  // Random rules draw a slot uniformly: only the proportions matter, so any stored table is moot.
  if (rule.strategy !== "sticky" || rule.slots === undefined) return canonical;
  const decoded = decodeSlots(rule.slots, rule.split);
  if (decoded.ok) return decoded.table;
  warnings.push({ path: `${path}.slots`, message: `invalid slot table (${decoded.error}): using the canonical table for the split` });
  return canonical;
}

function ruleShadows(rule: Rule | DefaultRule, path: string, warnings: CompileWarning[]): CompiledShadow[] {
  const shadows: CompiledShadow[] = [];
  const seen = new Set<string>();
  rule.shadows.forEach((shadow, i) => {
    if (seen.has(shadow.route)) {
      warnings.push({ path: `${path}.shadows.${i}`, message: `route "${shadow.route}" is already a shadow of this rule: the first entry counts` });
      return;
    }
    seen.add(shadow.route);
    if (shadow.percent > 0) shadows.push({ route: shadow.route, threshold: shadow.percent / 100 });
  });
  return shadows;
}

export function compile(document: RouterDocument, options: CompileOptions = {}): CompiledRouter {
  const warnings: CompileWarning[] = [];
  const settings = document.settings;
  const keySources = settings.keySources.map((k) => compileField(k.source, k.key));
  const tried = settings.keySources.map((k) => `${k.source} "${k.key}"`).join(", ");

  const audiences: AudienceIndex = new Map(document.audiences.map((audience, at) => [audience.name, { audience, at }] as const).reverse());
  const parts = document.rules.map((rule, i) => ruleConditions(rule, audiences, warnings, `rules.${i}`));
  const plan = planIndex(
    parts.map((p) => p.conditions),
    parts.map((p) => p.audienceMissing),
    options.index ?? true,
  );

  const build = (rule: Rule | DefaultRule, name: string, path: string, conditions: RuleCondition[], audienceMissing: boolean, skip: number): CompiledRule => {
    const matchers = conditions.map((c) => c.compiled.matches);
    return {
      name,
      path,
      audience: "audience" in rule ? (rule.audience ?? null) : null,
      audienceMissing,
      conditions,
      matches: audienceMissing ? never : conjunction(matchers),
      matchesRest: audienceMissing ? never : conjunction(matchers.filter((_, i) => i !== skip)),
      strategy: rule.strategy,
      table: ruleTable(rule, path, warnings),
      shadows: ruleShadows(rule, path, warnings),
      missingKeyMessage:
        settings.keySources.length === 0
          ? `rule "${name}" routes by sticky key but the router has no key sources`
          : `rule "${name}" routes by sticky key and the request has none: tried ${tried}`,
    };
  };

  const rules = document.rules.map((rule, i) =>
    build(rule, rule.name, `rules.${i}`, parts[i]!.conditions, parts[i]!.audienceMissing, plan.indexedCondition[i]!),
  );
  const defaultRule = document.defaultRule ? build(document.defaultRule, "default", "defaultRule", [], false, -1) : null;
  if (!defaultRule) warnings.push({ path: "defaultRule", message: "no default rule: a request no rule matches gets a 404" });

  const state: RouterState = {
    name: document.name,
    seed: settings.seed ?? document.name,
    rules,
    defaultRule,
    plan,
    scanMatchers: plan.scan.map((i) => rules[i]!.matches),
    lists: new Array(plan.indexes.length + plan.gates.length + 1).fill([]),
    cursors: new Array(plan.indexes.length + plan.gates.length + 1).fill(0),
    keySources,
    missingKey: settings.missingKey,
    allowPin: settings.allowPin,
    routeNames: new Set(document.routes.map((r) => r.name)),
  };

  return {
    name: state.name,
    seed: state.seed,
    rules,
    defaultRule,
    indexedFields: plan.indexes.map(({ field }) => ({ source: field.source, key: field.key })),
    gatedFields: plan.gates.map(({ field }) => ({ source: field.source, key: field.key })),
    warnings,
    decide: (request, rng = Math.random, options) => decideWith(state, request, rng, options?.slot),
    trace: (request, rng = Math.random) => traceWith(state, request, rng),
  };
}

/**
 * The document-level checks: default rule, weights, names, routes, audiences, regex
 * syntax, shadows (and how they are compared) and catch-all rules. Linear in the size of the document.
 */
import type { Condition, DefaultRule, Finding, RouterDocument, Rule } from "../router/document";
import { compareSpecProblems } from "../shadows/spec";
import { regexError } from "./constraints";
import { percent } from "./describe";

const FULL = 10_000; // 100 % in hundredths

function label(rule: Rule | DefaultRule): string {
  return "name" in rule ? `Rule "${rule.name}"` : "The default rule";
}

/** `positions[k]` is where names[k] sits in its list (default: k). */
function duplicates(kind: string, path: string, names: readonly string[], out: Finding[], positions?: readonly number[]): void {
  const first = new Map<string, number>();
  names.forEach((name, k) => {
    const i = positions?.[k] ?? k;
    const at = first.get(name);
    if (at === undefined) first.set(name, i);
    else
      out.push({
        severity: "error",
        code: "duplicate_name",
        path: `${path}.${i}`,
        message: `${kind} name "${name}" is already used by ${path}.${at}: names must be unique.`,
        ...(kind === "Rule" ? { rules: [name] } : {}),
      });
  });
}

function ruleBody(rule: Rule | DefaultRule, path: string, routes: ReadonlySet<string>, out: Finding[]): void {
  const who = label(rule);
  const rules = "name" in rule ? { rules: [rule.name] } : {};
  const total = rule.split.reduce((sum, entry) => sum + Math.round(entry.weight * 100), 0);
  if (total !== FULL) {
    out.push({
      severity: "error",
      code: "weights_sum",
      path: `${path}.split`,
      message: `${who} splits ${percent(total)} % of its traffic: the weights must add up to exactly 100.`,
      ...rules,
    });
  }
  const inSplit = new Map<string, number>();
  rule.split.forEach((entry, k) => {
    if (!routes.has(entry.route)) {
      out.push({ severity: "error", code: "unknown_route", path: `${path}.split.${k}`, message: `${who} sends traffic to route "${entry.route}", which does not exist.`, ...rules });
    }
    if (inSplit.has(entry.route)) {
      out.push({
        severity: "warning",
        code: "duplicate_name",
        path: `${path}.split.${k}`,
        message: `${who} lists route "${entry.route}" twice in its split: the engine adds the two weights. Merge them into one entry.`,
        ...rules,
      });
    }
    inSplit.set(entry.route, (inSplit.get(entry.route) ?? 0) + Math.round(entry.weight * 100));
  });
  const shadows = new Set<string>();
  rule.shadows.forEach((shadow, k) => {
    const at = `${path}.shadows.${k}`;
    if (!routes.has(shadow.route)) {
      out.push({ severity: "error", code: "unknown_route", path: at, message: `${who} mirrors traffic to route "${shadow.route}", which does not exist.`, ...rules });
    }
    if (shadow.compare) {
      for (const problem of compareSpecProblems(shadow.compare)) {
        out.push({
          severity: "error",
          code: "invalid_compare",
          path: [at, "compare", ...problem.path].join("."),
          message: `${who} compares its shadow "${shadow.route}" with the primary in a way the gateway cannot use: ${problem.message}.`,
          ...rules,
        });
      }
    }
    if (shadows.has(shadow.route)) {
      out.push({
        severity: "warning",
        code: "duplicate_name",
        path: at,
        message: `${who} lists route "${shadow.route}" twice as a shadow: only the first entry counts.`,
        ...rules,
      });
      return;
    }
    shadows.add(shadow.route);
    if (Math.round(shadow.percent * 100) === 0) {
      out.push({ severity: "warning", code: "shadow_unused", path: at, message: `${who} mirrors 0 % of its traffic to "${shadow.route}": this shadow never fires.`, ...rules });
    } else if (inSplit.get(shadow.route) === total && total > 0) {
      // A request is never mirrored to the route that answers it.
      out.push({
        severity: "warning",
        code: "shadow_self",
        path: at,
        message: `${who} sends all its traffic to "${shadow.route}" and also shadows to it: a route is never its own request's shadow, so this shadow never fires.`,
        ...rules,
      });
    }
  });
}

function regexes(conditions: readonly Condition[], path: string, owner: { rules?: string[] }, out: Finding[]): void {
  conditions.forEach((condition, c) => {
    if (condition.operator !== "regex") return;
    const errors = condition.values.map((v) => regexError(String(v)));
    const invalid = errors.filter((e) => e !== null).length;
    condition.values.forEach((value, v) => {
      const error = errors[v];
      if (error === null || error === undefined) return;
      const effect =
        invalid === condition.values.length ? "the condition can never hold" : "the engine ignores this pattern and uses the others";
      out.push({
        severity: "error",
        code: "invalid_regex",
        path: `${path}.conditions.${c}.values.${v}`,
        message: `Pattern ${JSON.stringify(String(value))} is not valid RE2 (${error}): ${effect}.`,
        ...owner,
      });
    });
  });
}

/** The document's structural findings; with `only`, just those about rule `only` (and name clashes). */
export function structureFindings(doc: RouterDocument, only?: number): Finding[] {
  const out: Finding[] = [];
  const strict = doc.settings.strict;
  const routes = new Set(doc.routes.map((r) => r.name));
  const audiences = new Set(doc.audiences.map((a) => a.name));

  if (doc.defaultRule === undefined && only === undefined) {
    out.push({
      severity: "error",
      code: "no_default_rule",
      path: "defaultRule",
      message: "The router has no default rule: a request no rule matches would get a 404. Add a default rule (it comes last and has no conditions).",
    });
  }
  if (only === undefined) {
    duplicates("Route", "routes", doc.routes.map((r) => r.name), out);
    duplicates("Rule", "rules", doc.rules.map((r) => r.name), out);
    duplicates("Audience", "audiences", doc.audiences.map((a) => a.name), out);
  } else {
    // Only the clashes of this rule's name matter: compare names, build nothing.
    const name = doc.rules[only]?.name;
    const same: number[] = [];
    for (let i = 0; i < doc.rules.length; i++) if (doc.rules[i]!.name === name) same.push(i);
    if (name !== undefined && same.length > 1) duplicates("Rule", "rules", same.map(() => name), out, same);
  }

  if (only === undefined) doc.audiences.forEach((audience, a) => regexes(audience.conditions, `audiences.${a}`, {}, out));
  (only === undefined ? doc.rules : doc.rules.slice(only, only + 1)).forEach((rule, k) => {
    const i = only ?? k;
    const path = `rules.${i}`;
    if (rule.name === "default") {
      out.push({
        severity: "warning",
        code: "duplicate_name",
        path,
        rules: [rule.name],
        message: `Rule "default" has the default rule's name: decisions and the x-turnout-rule header cannot tell them apart.`,
      });
    }
    if (rule.audience && !audiences.has(rule.audience)) {
      out.push({
        severity: "error",
        code: "unknown_audience",
        path: `${path}.audience`,
        rules: [rule.name],
        message: `Rule "${rule.name}" uses audience "${rule.audience}", which does not exist: the rule never matches.`,
      });
    }
    if (!rule.audience && rule.conditions.length === 0) {
      out.push({
        severity: "warning",
        code: "empty_rule",
        path,
        rules: [rule.name],
        message: `Rule "${rule.name}" has no conditions and no audience: it matches every request, so the rules after it and the default rule never match.`,
      });
    }
    regexes(rule.conditions, path, { rules: [rule.name] }, out);
    ruleBody(rule, path, routes, out);
  });
  if (only !== undefined) return out;
  if (doc.defaultRule) ruleBody(doc.defaultRule, "defaultRule", routes, out);

  const used = new Set<string>();
  for (const rule of [...doc.rules, ...(doc.defaultRule ? [doc.defaultRule] : [])]) {
    for (const entry of rule.split) used.add(entry.route);
    for (const shadow of rule.shadows) used.add(shadow.route);
  }
  doc.routes.forEach((route, k) => {
    if (used.has(route.name)) return;
    out.push({
      severity: strict ? "error" : "warning",
      code: "dangling_route",
      path: `routes.${k}`,
      message: `Route "${route.name}" is used by no rule, neither in a split nor as a shadow${strict ? ": a strict router allows no unused route" : ""}.`,
    });
  });
  return out;
}

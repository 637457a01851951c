import { DomainError, DuplicateError, InUseError, NotFoundError } from "@/lib/errors";
import type { DefaultRule, Route, RouterDocument, Rule } from "@/lib/router/document";

/**
 * Pure edits of a router document: each returns a new document or throws a typed error.
 * The API and the console apply them through `mutateDraft`, inside one transaction.
 */

const invalid = (path: string, message: string) => new DomainError(message, 422, "invalid", { issues: [{ path, message }] });

const taken = (doc: RouterDocument, what: "route" | "rule", name: string) =>
  new DuplicateError(`a ${what} named '${name}' already exists in router '${doc.name}'`, { target: "name" });

/** How one rule uses a route: in its split, as a shadow, or both. */
export type RouteUse = {
  /** The rule's name, or `default` for the default rule. */
  rule: string;
  body: DefaultRule;
  inSplit: boolean;
  weight: number;
  shadowPercent: number | null;
  /** The route is the rule's only route: undeploying it needs a replacement. */
  only: boolean;
};

/** Every rule (the default rule last) whose split or shadows name `route`, in priority order. */
export function routeUses(doc: RouterDocument, route: string): RouteUse[] {
  const bodies: [string, DefaultRule][] = doc.rules.map((r) => [r.name, r]);
  if (doc.defaultRule) bodies.push(["default", doc.defaultRule]);
  const uses: RouteUse[] = [];
  for (const [rule, body] of bodies) {
    const entry = body.split.find((s) => s.route === route);
    const shadow = body.shadows.find((s) => s.route === route);
    if (!entry && !shadow) continue;
    uses.push({
      rule,
      body,
      inSplit: entry !== undefined,
      weight: entry?.weight ?? 0,
      shadowPercent: shadow?.percent ?? null,
      only: entry !== undefined && body.split.every((s) => s.route === route),
    });
  }
  return uses;
}

/** Rules (by name, `default` for the default rule) whose split or shadows name the route. */
export function rulesUsingRoute(doc: RouterDocument, route: string): string[] {
  return routeUses(doc, route).map((u) => u.rule);
}

/** The audiences `doc`'s rules name, as `doc` carries them. */
export function usedAudiences(doc: RouterDocument): RouterDocument["audiences"] {
  const used = new Set(doc.rules.map((r) => r.audience).filter((a): a is string => !!a));
  return doc.audiences.filter((a) => used.has(a.name));
}

/** `doc` keeping only the audiences its rules use, as a stored draft does. */
export function withUsedAudiences(doc: RouterDocument): RouterDocument {
  const audiences = usedAudiences(doc);
  return audiences.length === doc.audiences.length ? doc : { ...doc, audiences };
}

export function addRoute(doc: RouterDocument, route: Route): RouterDocument {
  if (doc.routes.some((r) => r.name === route.name)) throw taken(doc, "route", route.name);
  return { ...doc, routes: [...doc.routes, route] };
}

export function updateRoute(doc: RouterDocument, name: string, patch: Partial<Omit<Route, "name">>): RouterDocument {
  if (!doc.routes.some((r) => r.name === name)) throw new NotFoundError("route", name);
  return { ...doc, routes: doc.routes.map((r) => (r.name === name ? { ...r, ...patch } : r)) };
}

/** Refuses to remove a route still in use: undeploy it first, which redistributes its traffic. */
export function removeRoute(doc: RouterDocument, name: string): RouterDocument {
  if (!doc.routes.some((r) => r.name === name)) throw new NotFoundError("route", name);
  const users = rulesUsingRoute(doc, name);
  if (users.length > 0) {
    throw new InUseError(`route '${name}' is still used by ${users.map((u) => (u === "default" ? "the default rule" : `rule '${u}'`)).join(", ")}; undeploy it to redistribute its traffic first`, { rules: users });
  }
  return { ...doc, routes: doc.routes.filter((r) => r.name !== name) };
}

export function addRule(doc: RouterDocument, rule: Rule, position?: number): RouterDocument {
  if (doc.rules.some((r) => r.name === rule.name)) throw taken(doc, "rule", rule.name);
  const at = position === undefined ? doc.rules.length : position;
  if (at < 0 || at > doc.rules.length) throw invalid("position", `position must be between 0 and ${doc.rules.length}`);
  const rules = [...doc.rules];
  rules.splice(at, 0, rule);
  return { ...doc, rules };
}

export function updateRule(doc: RouterDocument, name: string, next: Rule): RouterDocument {
  if (!doc.rules.some((r) => r.name === name)) throw new NotFoundError("rule", name);
  if (next.name !== name && doc.rules.some((r) => r.name === next.name)) throw taken(doc, "rule", next.name);
  return { ...doc, rules: doc.rules.map((r) => (r.name === name ? next : r)) };
}

export function removeRule(doc: RouterDocument, name: string): RouterDocument {
  if (!doc.rules.some((r) => r.name === name)) throw new NotFoundError("rule", name);
  return { ...doc, rules: doc.rules.filter((r) => r.name !== name) };
}

/** The new priority order must name every rule exactly once (the default rule stays last). */
export function reorderRules(doc: RouterDocument, order: string[]): RouterDocument {
  const names = doc.rules.map((r) => r.name);
  const known = new Set(names);
  const seen = new Set<string>();
  for (const [i, n] of order.entries()) {
    if (!known.has(n)) throw invalid(`order.${i}`, `rule '${n}' does not exist`);
    if (seen.has(n)) throw invalid(`order.${i}`, `rule '${n}' appears twice`);
    seen.add(n);
  }
  const missing = names.filter((n) => !seen.has(n));
  if (missing.length) throw invalid("order", `the order must list every rule; missing: ${missing.join(", ")}`);
  return rulesInOrder(doc, order);
}

/**
 * The rules in `order`, without the checks: names the document does not have are skipped
 * and rules the order does not name keep their relative place after the others. An order
 * chosen on a document that has since gained or lost a rule still applies.
 */
export function rulesInOrder(doc: RouterDocument, order: readonly string[]): RouterDocument {
  const byName = new Map(doc.rules.map((r) => [r.name, r]));
  const named = new Set<string>();
  const rules: Rule[] = [];
  for (const n of order) {
    const rule = byName.get(n);
    if (rule && !named.has(n)) rules.push(rule);
    named.add(n);
  }
  for (const r of doc.rules) if (!named.has(r.name)) rules.push(r);
  return { ...doc, rules };
}

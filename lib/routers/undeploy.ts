import { canonicalTable, decodeSlots, movedShare, rebalance } from "@/lib/engine";
import { DomainError, NotFoundError } from "@/lib/errors";
import type { DefaultRule, RouterDocument, SplitEntry } from "@/lib/router/document";

/** How a removed route's weight goes to the remaining routes of each rule. */
export const UNDEPLOY_MODES = ["proportional", "even", "manual"] as const;
export type UndeployMode = (typeof UNDEPLOY_MODES)[number];

export function isUndeployMode(text: string): text is UndeployMode {
  return (UNDEPLOY_MODES as readonly string[]).includes(text);
}

export type UndeployRequest = {
  mode: UndeployMode;
  /** Takes the whole share of rules where the removed route is the only one. */
  replacement?: string;
  /** For `manual`: per rule (`default` for the default rule), the new weight of each remaining route. */
  weights?: Record<string, Record<string, number>>;
};

export type UndeployRuleImpact = {
  rule: string;
  strategy: "random" | "sticky";
  before: SplitEntry[];
  after: SplitEntry[];
  shadowsBefore: { route: string; percent: number }[];
  shadowsAfter: { route: string; percent: number }[];
  /** The route was this rule's only route, so `replacement` took its traffic. */
  replaced: boolean;
  /** Share (0–1) of this rule's sticky keys that change route; 0 for random rules. */
  stickyMoved: number;
};

export type UndeployPlan = { route: string; rules: UndeployRuleImpact[]; document: RouterDocument };

const invalid = (path: string, message: string) => new DomainError(message, 422, "invalid", { issues: [{ path, message }] });

/** Splits `extra` basis points over `weights` by largest remainder, so the result is exact. */
function spread(weights: number[], extra: number, shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (extra * s) / total);
  const base = exact.map(Math.floor);
  let left = extra - base.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    base[i]! += 1;
    left -= 1;
  }
  return weights.map((w, i) => w + base[i]!);
}

function redistribute(ruleKey: string, body: DefaultRule, route: string, req: UndeployRequest, routeNames: Set<string>): { split: SplitEntry[]; replaced: boolean } {
  const removed = body.split.find((s) => s.route === route);
  if (!removed) return { split: body.split, replaced: false };
  const rest = body.split.filter((s) => s.route !== route);
  if (rest.length === 0) {
    if (!req.replacement) throw invalid("replacement", `rule '${ruleKey}' sends all its traffic to '${route}': name a replacement route`);
    return { split: [{ route: req.replacement, weight: 100 }], replaced: true };
  }
  if (req.mode === "manual") {
    const given = req.weights?.[ruleKey];
    if (!given) throw invalid(`weights.${ruleKey}`, `give the new weights of rule '${ruleKey}'`);
    const names = rest.map((s) => s.route);
    for (const r of Object.keys(given)) {
      if (!names.includes(r)) throw invalid(`weights.${ruleKey}.${r}`, `route '${r}' is not one of the remaining routes of rule '${ruleKey}' (${names.join(", ")})`);
    }
    const split = rest.map((s) => ({ route: s.route, weight: given[s.route] ?? 0 }));
    const sum = split.reduce((a, s) => a + Math.round(s.weight * 100), 0);
    if (sum !== 10_000) throw invalid(`weights.${ruleKey}`, `the weights of rule '${ruleKey}' add up to ${sum / 100}, not 100`);
    return { split, replaced: false };
  }
  const bp = rest.map((s) => Math.round(s.weight * 100));
  const extra = Math.round(removed.weight * 100);
  const allZero = bp.every((w) => w === 0);
  // Proportional has nothing to be proportional to when every remaining weight is 0: share evenly.
  const shares = req.mode === "even" || allZero ? bp.map(() => 1) : bp;
  const next = spread(bp, extra, shares);
  void routeNames;
  return { split: rest.map((s, i) => ({ route: s.route, weight: next[i]! / 100 })), replaced: false };
}

function stickyMovedShare(before: DefaultRule, after: SplitEntry[]): number {
  if (before.strategy !== "sticky") return 0;
  const decoded = before.slots ? decodeSlots(before.slots, before.split) : null;
  const table = decoded?.ok ? decoded.table : canonicalTable(before.split);
  return movedShare(table, rebalance(table, after));
}

/**
 * Qwak's undeploy: removes `route` from every split and shadow and from the routes, giving
 * its weight to the remaining routes of each rule — proportionally, evenly or as given —
 * and to `replacement` where it was a rule's only route. Returns the per-rule impact and
 * the new document; nothing is written here.
 */
export function planUndeploy(doc: RouterDocument, route: string, req: UndeployRequest): UndeployPlan {
  if (!doc.routes.some((r) => r.name === route)) throw new NotFoundError("route", route);
  if (req.replacement !== undefined) {
    if (req.replacement === route) throw invalid("replacement", "the replacement must be another route");
    if (!doc.routes.some((r) => r.name === req.replacement)) throw invalid("replacement", `route '${req.replacement}' does not exist`);
  }
  const routeNames = new Set(doc.routes.map((r) => r.name));
  const impacts: UndeployRuleImpact[] = [];
  const apply = <T extends DefaultRule>(key: string, body: T): T => {
    const inSplit = body.split.some((s) => s.route === route);
    const inShadows = body.shadows.some((s) => s.route === route);
    if (!inSplit && !inShadows) return body;
    const { split, replaced } = redistribute(key, body, route, req, routeNames);
    const shadows = body.shadows.filter((s) => s.route !== route && !(replaced && s.route === req.replacement));
    impacts.push({
      rule: key,
      strategy: body.strategy,
      before: body.split,
      after: split,
      shadowsBefore: body.shadows,
      shadowsAfter: shadows,
      replaced,
      stickyMoved: inSplit ? stickyMovedShare(body, split) : 0,
    });
    return { ...body, split, shadows };
  };
  const document: RouterDocument = {
    ...doc,
    routes: doc.routes.filter((r) => r.name !== route),
    rules: doc.rules.map((r) => apply(r.name, r)),
    ...(doc.defaultRule ? { defaultRule: apply("default", doc.defaultRule) } : {}),
  };
  return { route, rules: impacts, document };
}

/** A shadow that can never be sent once the undeploy is applied. */
export type IdleShadow = { rule: string; route: string; percent: number };

/**
 * Shadows the undeploy leaves on a rule's only remaining route. A shadow is never drawn to
 * the route that serves the request, so when every request of the rule goes to that route the
 * shadow never fires; the preview warns about it rather than letting it sit there unnoticed.
 */
export function idleShadows(rules: readonly Pick<UndeployRuleImpact, "rule" | "after" | "shadowsAfter">[]): IdleShadow[] {
  const out: IdleShadow[] = [];
  for (const r of rules) {
    const serving = r.after.filter((s) => s.weight > 0);
    if (serving.length !== 1) continue;
    const only = serving[0]!.route;
    for (const s of r.shadowsAfter) if (s.route === only && s.percent > 0) out.push({ rule: r.rule, route: s.route, percent: s.percent });
  }
  return out;
}

/**
 * What saving (then deploying) a rule's split does to sticky users, measured against the
 * active version: the share of sticky keys whose route changes. It repeats what a deploy
 * does (lib/versions/freeze.ts): the active rule's slot table (decoded, or canonical when it
 * has none), moved minimally to the new weights by `rebalance`.
 */
import { canonicalTable, decodeSlots, movedShare, rebalance, type SlotTable } from "@/lib/engine";
import type { DefaultRule, RouterDocument, SplitEntry, Strategy } from "@/lib/router/document";

export type StickyImpact =
  /** Nothing is deployed: no key has a route yet. */
  | { kind: "not-deployed" }
  /** The active version has no sticky split for this rule: keys get routes on the next deploy. */
  | { kind: "new-sticky" }
  /** The split is random now and was random before: stickiness does not apply. */
  | { kind: "not-sticky" }
  /** The rule was sticky and becomes random: no key keeps its route. */
  | { kind: "stops-sticky" }
  /** The weights cannot form a slot table (e.g. all zero): nothing to compare yet. */
  | { kind: "invalid" }
  /** `share` of sticky keys (0–1) change route. */
  | { kind: "moves"; share: number };

function tableOf(body: DefaultRule): SlotTable {
  if (body.slots) {
    const decoded = decodeSlots(body.slots, body.split);
    if (decoded.ok) return decoded.table;
  }
  return canonicalTable(body.split);
}

/**
 * `rule` is the name the rule will have when deployed (null for the default rule);
 * `active` is the active version's document, or null when nothing is deployed.
 */
export function stickyImpact(active: RouterDocument | null, rule: string | null, next: { strategy: Strategy; split: readonly SplitEntry[] }): StickyImpact {
  if (active === null) return next.strategy === "sticky" ? { kind: "not-deployed" } : { kind: "not-sticky" };
  const previous = rule === null ? active.defaultRule : active.rules.find((r) => r.name === rule);
  const wasSticky = previous !== undefined && previous.strategy === "sticky";
  if (next.strategy !== "sticky") return wasSticky ? { kind: "stops-sticky" } : { kind: "not-sticky" };
  if (!wasSticky) return { kind: "new-sticky" };
  try {
    const before = tableOf(previous);
    const after = rebalance(before, next.split);
    return { kind: "moves", share: movedShare(before, after) };
  } catch {
    return { kind: "invalid" };
  }
}

/**
 * Findings of the analysis arranged for the rule cards: which badges each rule shows,
 * and what a drag would change. Pure functions of the findings and the rule order.
 */
import type { Finding } from "@/lib/router/document";

export type OverlapBadge = { other: string; finding: Finding; uncertain: boolean };

export type RuleBadges = {
  overlaps: OverlapBadge[];
  /** "also overlaps N more rules" findings (the analysis lists at most 20 per rule). */
  more: Finding[];
  /** The rule can never match (hidden by earlier rules, or contradictory conditions). */
  unreachable: Finding | null;
  /** Other errors and warnings about this rule (weights, routes, regexes, shadows…). */
  errors: Finding[];
  warnings: Finding[];
};

export type FindingsIndex = {
  byRule: Map<string, RuleBadges>;
  /** Findings about the default rule (`defaultRule…`). */
  defaultRule: RuleBadges;
  errors: number;
  warnings: number;
};

function empty(): RuleBadges {
  return { overlaps: [], more: [], unreachable: null, errors: [], warnings: [] };
}

const RULE_PATH = /^rules\.(\d+)(?:\.|$)/;

/** The rule a finding is about: `rules[0]` when named, else from its path in `order`. */
function subjectOf(finding: Finding, order: readonly string[]): string | null {
  if (finding.rules?.[0]) return finding.rules[0];
  const m = RULE_PATH.exec(finding.path);
  return m ? (order[Number(m[1])] ?? null) : null;
}

/**
 * Arranges `findings` (of the rules in `order`) by rule. A pair where the later rule is
 * unreachable *because of* the earlier one is shown once, as "hidden by", not also as an
 * overlap: it is the overlap taken to its end, and the error says more than the warning.
 * With `hideUncertain` (a preview cut short by its time budget), "may overlap" verdicts
 * that the exact run may still settle are left out.
 */
export function indexFindings(findings: readonly Finding[], order: readonly string[], hideUncertain = false): FindingsIndex {
  const byRule = new Map<string, RuleBadges>();
  const defaultRule = empty();
  const badgesOf = (name: string) => {
    let b = byRule.get(name);
    if (b === undefined) {
      b = empty();
      byRule.set(name, b);
    }
    return b;
  };
  let errors = 0;
  let warnings = 0;
  const hiddenBy = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.severity === "error") errors++;
    else warnings++;
    if (f.code === "unreachable_rule" && f.rules?.[0]) {
      badgesOf(f.rules[0]).unreachable = f;
      hiddenBy.set(f.rules[0], new Set(f.rules.slice(1)));
    }
  }
  for (const f of findings) {
    if (f.code === "unreachable_rule") continue;
    if (f.code === "overlap") {
      if (f.rules?.length === 2) {
        const [a, b] = f.rules as [string, string];
        if (f.uncertain && hideUncertain) continue;
        if (hiddenBy.get(b)?.has(a) || hiddenBy.get(a)?.has(b)) continue;
        const uncertain = f.uncertain === true;
        badgesOf(a).overlaps.push({ other: b, finding: f, uncertain });
        badgesOf(b).overlaps.push({ other: a, finding: f, uncertain });
      } else if (f.rules?.[0]) badgesOf(f.rules[0]).more.push(f);
      continue;
    }
    const target = f.path.startsWith("defaultRule") ? defaultRule : (() => {
      const name = subjectOf(f, order);
      return name === null ? null : badgesOf(name);
    })();
    if (target === null) continue;
    (f.severity === "error" ? target.errors : target.warnings).push(f);
  }
  return { byRule, defaultRule, errors, warnings };
}

/** What identifies a finding across orders (paths and "first/second" wording change with the order). */
export function findingIdentity(f: Finding): string {
  const rules = f.rules ?? [];
  const named = f.code === "overlap" ? [...rules].sort() : [rules[0] ?? "", ...rules.slice(1).sort()];
  return rules.length > 0 ? `${f.code}|${f.severity}|${f.uncertain ? "?" : ""}|${named.join(",")}` : `${f.code}|${f.severity}|${f.message}`;
}

/** Findings a new order adds and those it resolves, compared with the current order's. */
export function diffFindings(current: readonly Finding[], next: readonly Finding[]): { added: Finding[]; resolved: Finding[] } {
  const before = new Set(current.map(findingIdentity));
  const after = new Set(next.map(findingIdentity));
  return { added: next.filter((f) => !before.has(findingIdentity(f))), resolved: current.filter((f) => !after.has(findingIdentity(f))) };
}

/** A stable text of a rule's badges, so a card re-renders only when its own badges change. */
export function badgeSignature(b: RuleBadges | undefined): string {
  if (b === undefined) return "";
  return [
    b.unreachable ? `u:${b.unreachable.rules?.join(",")}` : "",
    b.overlaps.map((o) => `${o.other}${o.uncertain ? "?" : ""}`).join(","),
    b.more.length,
    b.errors.map((f) => f.code + f.message).join(";"),
    b.warnings.map((f) => f.code + f.message).join(";"),
  ].join("|");
}

/** `order` with the rule at `from` moved to `to` (what dropping there produces). */
export function moveItem<T>(order: readonly T[], from: number, to: number): T[] {
  const next = [...order];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

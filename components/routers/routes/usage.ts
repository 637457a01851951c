import type { DefaultRule, RouterDocument } from "@/lib/router/document";

export type RouteUse = {
  /** The rule's name, or "default". */
  rule: string;
  body: DefaultRule;
  inSplit: boolean;
  weight: number;
  shadowPercent: number | null;
  /** The route is the rule's only route: undeploying it needs a replacement. */
  only: boolean;
};

/** Every rule (default included) whose split or shadows name `route`, in priority order. */
export function usesOf(doc: RouterDocument, route: string): RouteUse[] {
  const bodies: [string, DefaultRule][] = [...doc.rules.map((r) => [r.name, r] as [string, DefaultRule]), ...(doc.defaultRule ? [["default", doc.defaultRule] as [string, DefaultRule]] : [])];
  const uses: RouteUse[] = [];
  for (const [rule, body] of bodies) {
    const entry = body.split.find((s) => s.route === route);
    const shadow = body.shadows.find((s) => s.route === route);
    if (!entry && !shadow) continue;
    uses.push({
      rule,
      body,
      inSplit: Boolean(entry),
      weight: entry?.weight ?? 0,
      shadowPercent: shadow?.percent ?? null,
      only: Boolean(entry) && body.split.every((s) => s.route === route),
    });
  }
  return uses;
}

export const ruleLabel = (rule: string) => (rule === "default" ? "default rule" : rule);

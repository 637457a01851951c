/**
 * What of a replay report deserves a reviewer's eye, as the deploy dialog and the CLI's
 * text show it: rules whose hits change, and routes whose projected load grows.
 */
import type { ReplayReport } from "./schema";

/** Load growth that deserves a look: more than this share. */
export const LOAD_GROWTH_WARNING = 0.2;

/** (after − before) / before; null for a route that gets load from none. */
export function growth(before: number, after: number): number | null {
  return before > 0 ? (after - before) / before : after > 0 ? null : 0;
}

export type RouteGrowth = { route: string; before: number; after: number; growth: number | null };

/** Routes whose projected requests per second grow by more than `threshold` (or start from none), the largest growth first. */
export function growingRoutes(report: Pick<ReplayReport, "projected">, threshold = LOAD_GROWTH_WARNING): RouteGrowth[] {
  return report.projected
    .map((p) => ({ ...p, growth: growth(p.before, p.after) }))
    .filter((p) => p.growth === null || p.growth > threshold)
    .sort((a, b) => (b.growth ?? Infinity) - (a.growth ?? Infinity) || a.route.localeCompare(b.route));
}

export type RuleChange = { rule: string; before: number; after: number; note: "stops" | "starts" | null };

/** Rules whose hit count differs between the two sides, with whether they stop or start getting hits. */
export function ruleHitChanges(report: Pick<ReplayReport, "rules">): RuleChange[] {
  return report.rules
    .filter((r) => r.before !== r.after)
    .map((r) => ({ ...r, note: r.before > 0 && r.after === 0 ? "stops" : r.before === 0 && r.after > 0 ? "starts" : null }));
}

/** The matrix's cells where requests change destination, the largest first. */
export function movedCells(report: Pick<ReplayReport, "matrix">): ReplayReport["matrix"] {
  return report.matrix.filter((m) => m.from !== m.to).sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

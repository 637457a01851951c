import type { Finding, RouterDocument } from "@/lib/router/document";

/** Messages between the rule editor and its analysis worker (analysis.worker.ts). */
export type AnalysisRequest =
  | { type: "load"; id: number; doc: RouterDocument }
  /** Findings of the loaded document with its rules in `order`; `budgetMs` bounds the hard questions. */
  | { type: "order"; id: number; order: string[]; budgetMs?: number };

export type AnalysisResponse = { id: number; findings: Finding[]; ms: number; exact: boolean } | { id: number; error: string };

/**
 * Time allowed to a drag preview's hard questions (regex automata, set covers) so the
 * findings are ready within a frame; a preview that used it all is refined by an exact run.
 */
export const PREVIEW_BUDGET_MS = 8;

/** The loaded document with its rules in `order` (names it does not know are skipped). */
export function withOrder(doc: RouterDocument, order: readonly string[]): RouterDocument {
  const byName = new Map(doc.rules.map((r) => [r.name, r]));
  const rules = [];
  for (const name of order) {
    const rule = byName.get(name);
    if (rule) rules.push(rule);
  }
  return rules.length === doc.rules.length ? { ...doc, rules } : doc;
}

import type { Finding, RouterDocument } from "@/lib/router/document";

/** Messages between the rule editor and its analysis worker (analysis.worker.ts). */
export type AnalysisRequest =
  /** Loads a document and analyses it (`analyze: false`: only loads it, answering no findings). */
  | { type: "load"; id: number; doc: RouterDocument; budgetMs?: number; analyze?: boolean }
  /** Findings of the loaded document with its rules in `order`; `budgetMs` bounds the hard questions. */
  | { type: "order"; id: number; order: string[]; budgetMs?: number };

export type AnalysisResponse = { id: number; findings: Finding[]; ms: number; exact: boolean } | { id: number; error: string };

/**
 * Time allowed to a drag preview's hard questions (regex automata, set covers) so the
 * findings are ready within a frame; a preview that used it all is refined by an exact run.
 */
export const PREVIEW_BUDGET_MS = 8;

/** Time allowed to a complete analysis (of the draft on load, or of a drag position once the pointer rests): the analysis' default. */
export const EXACT_BUDGET_MS = 5000;

/**
 * Time a request may take past its budget before the worker is deemed stuck: it is then
 * terminated and replaced, and the request answered with what is known without it.
 */
export const HARD_GRACE_MS = 3000;

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

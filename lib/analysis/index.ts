/**
 * Rule analysis of a router document: structural checks (default rule, weights, routes,
 * audiences, names, regex syntax, shadows) and the rule-order checks (overlapping rules
 * with a witness request, rules hidden by earlier ones). Pure TypeScript: it runs in the
 * API, the CLI, the deploy check and, in the console, in the browser or a Web Worker.
 */
import type { Finding, RouterDocument } from "../router/document";
import { createAnalyzer, type AnalyzeOptions } from "./analyzer";

export { createAnalyzer, type AnalyzeOptions, type Analyzer } from "./analyzer";
export { incompleteFindings } from "./incomplete";

/** Every finding of `doc`. One-shot: use createAnalyzer() to keep caches across edits. */
export function analyze(doc: RouterDocument, options?: AnalyzeOptions): Finding[] {
  return createAnalyzer().analyze(doc, options);
}

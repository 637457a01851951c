import type { Finding, RouterDocument } from "../router/document";
import { structureFindings } from "./structure-checks";

/**
 * What is known of a document whose rule-order analysis could not run to its end (stopped
 * at its hard time limit, or the worker died): the structural findings, which are cheap and
 * exact, after one warning saying that overlaps and unreachable rules were not checked.
 */
export function incompleteFindings(doc: RouterDocument, why: string): Finding[] {
  return [
    {
      severity: "warning",
      code: "analysis_incomplete",
      path: "rules",
      message: `Overlaps and unreachable rules were not checked: ${why}. The other findings are complete. Long or deeply nested regexes are the usual cause; simplify them to get the full analysis.`,
    },
    ...structureFindings(doc),
  ];
}

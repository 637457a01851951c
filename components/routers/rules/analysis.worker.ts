/// <reference lib="webworker" />
/**
 * The rule editor's analysis off the main thread: whatever a pattern makes the analysis
 * do, the page stays responsive. It keeps one analyzer (with its caches) and the last
 * loaded document, so a drag sends only the order.
 */
import { createAnalyzer } from "@/lib/analysis";
import type { RouterDocument } from "@/lib/router/document";
import { withOrder, type AnalysisRequest, type AnalysisResponse } from "./analysis-protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const analyzer = createAnalyzer();
let doc: RouterDocument | null = null;

scope.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const request = event.data;
  const started = performance.now();
  try {
    if (request.type === "load") doc = request.doc;
    if (doc === null) throw new Error("no document loaded");
    if (request.type === "load" && request.analyze === false) {
      scope.postMessage({ id: request.id, findings: [], ms: 0, exact: false } satisfies AnalysisResponse);
      return;
    }
    const target = request.type === "order" ? withOrder(doc, request.order) : doc;
    const budgetMs = request.budgetMs;
    const findings = analyzer.analyze(target, budgetMs === undefined ? undefined : { budgetMs });
    const ms = performance.now() - started;
    const response: AnalysisResponse = { id: request.id, findings, ms, exact: budgetMs === undefined || ms < budgetMs };
    scope.postMessage(response);
  } catch (error) {
    scope.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies AnalysisResponse);
  }
};

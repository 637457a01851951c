/**
 * Runs the rule analysis for the editor: in the page for ordinary routers, in a Web Worker
 * past WORKER_THRESHOLD rules so that a long analysis never blocks a drag. Either way one
 * analyzer keeps its caches across calls (rule shapes, pair verdicts, covers), so the
 * findings for a new drag position cost a fraction of a first analysis.
 */
import { createAnalyzer } from "@/lib/analysis";
import type { Finding, RouterDocument } from "@/lib/router/document";
import { PREVIEW_BUDGET_MS, withOrder, type AnalysisRequest, type AnalysisResponse } from "./analysis-protocol";

export const WORKER_THRESHOLD = 300;

export type AnalysisResult = { findings: Finding[]; exact: boolean; ms: number };

export interface AnalysisEngine {
  readonly kind: "main" | "worker";
  /** Loads a document and resolves with its exact findings. */
  load(doc: RouterDocument): Promise<AnalysisResult>;
  /**
   * Findings of the loaded document with its rules in `order`. In the page the answer is
   * synchronous and bounded by PREVIEW_BUDGET_MS (`exact: false` when it used it all);
   * in a worker it is a promise. `exact` asks for the complete answer, however long.
   */
  order(order: string[], exact?: boolean, budgetMs?: number): AnalysisResult | Promise<AnalysisResult>;
  dispose(): void;
}

class MainThreadEngine implements AnalysisEngine {
  readonly kind = "main" as const;
  private readonly analyzer = createAnalyzer();
  private doc: RouterDocument | null = null;

  load(doc: RouterDocument): Promise<AnalysisResult> {
    this.doc = doc;
    // Let the cards paint first: a first analysis of a large router takes a while.
    return new Promise((resolve) =>
      setTimeout(() => {
        const started = performance.now();
        const findings = this.analyzer.analyze(doc);
        resolve({ findings, exact: true, ms: performance.now() - started });
      }, 0),
    );
  }

  order(order: string[], exact = false, budgetMs = PREVIEW_BUDGET_MS): AnalysisResult {
    if (this.doc === null) return { findings: [], exact: false, ms: 0 };
    const started = performance.now();
    const findings = this.analyzer.analyze(withOrder(this.doc, order), exact ? undefined : { budgetMs });
    const ms = performance.now() - started;
    return { findings, exact: exact || ms < budgetMs, ms };
  }

  dispose(): void {
    this.doc = null;
  }
}

class WorkerEngine implements AnalysisEngine {
  readonly kind = "worker" as const;
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void; started: number }>();

  constructor(factory?: () => Worker) {
    this.worker = factory ? factory() : new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module", name: "turnout-rule-analysis" });
    this.worker.onmessage = (event: MessageEvent<AnalysisResponse>) => {
      const response = event.data;
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if ("error" in response) waiting.reject(new Error(response.error));
      // The round trip, as the page sees it: messaging included.
      else waiting.resolve({ findings: response.findings, exact: response.exact, ms: performance.now() - waiting.started });
    };
    // A worker that fails to load or crashes answers every pending request with the error.
    this.worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(event.message || "the analysis worker failed");
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  private send(request: { type: "load"; doc: RouterDocument } | { type: "order"; order: string[]; budgetMs?: number }): Promise<AnalysisResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, started: performance.now() });
      this.worker.postMessage({ ...request, id } as AnalysisRequest);
    });
  }

  load(doc: RouterDocument): Promise<AnalysisResult> {
    return this.send({ type: "load", doc });
  }

  order(order: string[], exact = false, budgetMs = PREVIEW_BUDGET_MS): Promise<AnalysisResult> {
    return this.send({ type: "order", order, ...(exact ? {} : { budgetMs }) });
  }

  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error("analysis stopped"));
    this.pending.clear();
  }
}

export type EngineOptions = {
  /** Where to analyse: "auto" (default) uses a worker past WORKER_THRESHOLD rules. */
  mode?: "auto" | "main" | "worker";
  /** Makes the worker (tests and benchmarks bundle it themselves). */
  workerFactory?: () => Worker;
};

export function engineKind(ruleCount: number, options: EngineOptions = {}): "main" | "worker" {
  const mode = options.mode ?? "auto";
  const wanted = mode === "auto" ? (ruleCount > WORKER_THRESHOLD ? "worker" : "main") : mode;
  return wanted === "worker" && typeof Worker !== "undefined" ? "worker" : "main";
}

export function createEngine(ruleCount: number, options: EngineOptions = {}): AnalysisEngine {
  if (engineKind(ruleCount, options) === "worker") {
    try {
      return new WorkerEngine(options.workerFactory);
    } catch {
      // A browser that refuses module workers still gets the analysis, in the page.
    }
  }
  return new MainThreadEngine();
}

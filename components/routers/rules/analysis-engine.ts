/**
 * Runs the rule analysis for the editor in a Web Worker, so that no pattern can freeze the
 * page: a request the worker does not answer within its budget plus HARD_GRACE_MS gets the
 * worker terminated and replaced, and is answered with what is known without the analysis
 * (the structural findings and `analysis_incomplete`). Where workers are unavailable the
 * analysis runs in the page. Either way one analyzer keeps its caches across calls (rule
 * shapes, pair verdicts, covers), so the findings for a new drag position cost a fraction
 * of a first analysis.
 */
import { createAnalyzer, incompleteFindings } from "@/lib/analysis";
import type { Finding, RouterDocument } from "@/lib/router/document";
import { EXACT_BUDGET_MS, HARD_GRACE_MS, PREVIEW_BUDGET_MS, withOrder, type AnalysisRequest, type AnalysisResponse } from "./analysis-protocol";

/** `timedOut`: the worker was stopped past its hard time limit; the findings say what was not checked. */
export type AnalysisResult = { findings: Finding[]; exact: boolean; ms: number; timedOut?: boolean };

export interface AnalysisEngine {
  readonly kind: "main" | "worker";
  /** Loads a document and resolves with its exact findings. */
  load(doc: RouterDocument): Promise<AnalysisResult>;
  /**
   * Findings of the loaded document with its rules in `order`. In the page the answer is
   * synchronous and bounded by PREVIEW_BUDGET_MS (`exact: false` when it used it all);
   * in a worker it is a promise. `exact` asks for the complete answer (EXACT_BUDGET_MS).
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

type Pending = {
  resolve: (r: AnalysisResult) => void;
  reject: (e: Error) => void;
  started: number;
  timer: ReturnType<typeof setTimeout>;
  /** What is known of this request's document without the analysis. */
  doc: RouterDocument | null;
};

class WorkerEngine implements AnalysisEngine {
  readonly kind = "worker" as const;
  private worker: Worker;
  private doc: RouterDocument | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Workers replaced after a request ran past its hard time limit. */
  restarts = 0;

  constructor(
    private readonly factory: () => Worker,
    private readonly graceMs: number,
  ) {
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = this.factory();
    worker.onmessage = (event: MessageEvent<AnalysisResponse>) => {
      const response = event.data;
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      clearTimeout(waiting.timer);
      if ("error" in response) waiting.reject(new Error(response.error));
      // The round trip, as the page sees it: messaging included.
      else waiting.resolve({ findings: response.findings, exact: response.exact, ms: performance.now() - waiting.started });
    };
    // A worker that fails to load or crashes answers every pending request with the error.
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(event.message || "the analysis worker failed");
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(error);
      }
      this.pending.clear();
    };
    return worker;
  }

  /** The worker is stuck past a request's limit: replace it, and answer every request it held. */
  private stuck(limitMs: number): void {
    this.worker.terminate();
    this.restarts++;
    this.worker = this.start();
    if (this.doc !== null) this.worker.postMessage({ type: "load", id: 0, doc: this.doc, analyze: false } satisfies AnalysisRequest);
    const why = `the analysis did not answer within ${Math.round(limitMs / 100) / 10} s and was stopped`;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ findings: p.doc ? incompleteFindings(p.doc, why) : [], exact: true, ms: performance.now() - p.started, timedOut: true });
    }
    this.pending.clear();
  }

  private send(request: { type: "load"; doc: RouterDocument } | { type: "order"; order: string[] }, budgetMs: number): Promise<AnalysisResult> {
    const id = this.nextId++;
    const doc = request.type === "load" ? request.doc : this.doc && withOrder(this.doc, request.order);
    const limitMs = budgetMs + this.graceMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.stuck(limitMs), limitMs);
      this.pending.set(id, { resolve, reject, started: performance.now(), timer, doc });
      this.worker.postMessage({ ...request, id, budgetMs } as AnalysisRequest);
    });
  }

  load(doc: RouterDocument): Promise<AnalysisResult> {
    this.doc = doc;
    return this.send({ type: "load", doc }, EXACT_BUDGET_MS);
  }

  order(order: string[], exact = false, budgetMs = PREVIEW_BUDGET_MS): Promise<AnalysisResult> {
    return this.send({ type: "order", order }, exact ? EXACT_BUDGET_MS : budgetMs);
  }

  dispose(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error("analysis stopped"));
    }
    this.pending.clear();
  }
}

export type EngineOptions = {
  /** Where to analyse: "auto" (default) uses a Web Worker wherever the browser has them. */
  mode?: "auto" | "main" | "worker";
  /** Makes the worker (tests and benchmarks bundle it themselves). */
  workerFactory?: () => Worker;
  /** Time a worker request may run past its budget before the worker is replaced (HARD_GRACE_MS). */
  graceMs?: number;
};

export function engineKind(options: EngineOptions = {}): "main" | "worker" {
  const mode = options.mode ?? "auto";
  return mode !== "main" && (options.workerFactory !== undefined || typeof Worker !== "undefined") ? "worker" : "main";
}

const defaultWorker = () => new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module", name: "turnout-rule-analysis" });

export function createEngine(options: EngineOptions = {}): AnalysisEngine {
  if (engineKind(options) === "worker") {
    try {
      return new WorkerEngine(options.workerFactory ?? defaultWorker, options.graceMs ?? HARD_GRACE_MS);
    } catch {
      // A browser that refuses module workers still gets the analysis, in the page.
    }
  }
  return new MainThreadEngine();
}

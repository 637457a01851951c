"use client";

import * as React from "react";
import type { Finding, RouterDocument } from "@/lib/router/document";
import { createEngine, engineKind, type AnalysisEngine, type AnalysisResult, type EngineOptions } from "./analysis-engine";

export type LiveAnalysisSnapshot = {
  /** The exact findings of `doc` (the draft as shown), or of the previous draft while it is re-checked. */
  base: { doc: RouterDocument; findings: Finding[] } | null;
  /** While a card is dragged: the findings for the order a drop here would produce. */
  preview: { order: string[]; findings: Finding[]; exact: boolean } | null;
  /** The analysis could not run (a worker crashed, say): the cards show no badges. */
  error: string | null;
  /** The draft's analysis was stopped at its time limit: `base` holds what is known without it. */
  timedOut: boolean;
  engine: "main" | "worker" | null;
};

declare global {
  interface Window {
    /** Time (ms) from each new drag position to its findings; read by the e2e and the benchmark. */
    __turnoutEditorPerf?: { engine: string; previews: number[] };
  }
}

function record(engine: string, ms: number): void {
  if (typeof window === "undefined") return;
  const perf = (window.__turnoutEditorPerf ??= { engine, previews: [] });
  perf.engine = engine;
  perf.previews.push(ms);
  if (perf.previews.length > 2000) perf.previews.splice(0, perf.previews.length - 2000);
}

const keyOf = (order: readonly string[]) => order.join("\n");

/** Longest a speculative analysis may hold the page's main thread in one idle period. */
const IDLE_BUDGET_MAX_MS = 12;
/** A worker may think longer about a neighbour: the page does not wait for it. */
const WORKER_PREFETCH_BUDGET_MS = 16;

type IdleDeadlineLike = { timeRemaining(): number };
function whenIdle(callback: (deadline: IdleDeadlineLike) => void): () => void {
  if (typeof window !== "undefined" && "requestIdleCallback" in window) {
    const id = window.requestIdleCallback(callback, { timeout: 100 });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(() => callback({ timeRemaining: () => 8 }), 16);
  return () => clearTimeout(id);
}

export type LiveAnalysisOptions = EngineOptions & {
  /** Analyse the positions next to the pointer's ahead of time (default true). */
  prefetch?: boolean;
};

/**
 * The editor's live analysis as an external store: the findings of the draft, and of the
 * order a drag would produce. The analysis runs in a Web Worker (in the page only where
 * workers are unavailable), stopped and replaced when it runs past its time limit. A new
 * drag position is answered from a per-drag memo when possible; otherwise through the
 * worker (bounded by PREVIEW_BUDGET_MS, refined by an exact run once the pointer rests),
 * with at most one request in flight (newer positions replace older ones). Between
 * positions the neighbouring orders the pointer is likely to reach next are analysed
 * ahead of time, so most positions are answered from the memo.
 */
export class LiveAnalysisStore {
  private snapshot: LiveAnalysisSnapshot = { base: null, preview: null, error: null, timedOut: false, engine: null };
  private readonly listeners = new Set<() => void>();
  private engine: AnalysisEngine | null = null;
  private doc: RouterDocument | null = null;
  private memo = new Map<string, AnalysisResult>();
  private wanted: string[] | null = null;
  private queue: string[][] = [];
  private inFlight = false;
  private loadSeq = 0;
  private refineTimer: ReturnType<typeof setTimeout> | null = null;
  private cancelIdle: (() => void) | null = null;

  constructor(private readonly options: LiveAnalysisOptions = {}) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;
  getServerSnapshot = () => this.snapshot;

  private emit(patch: Partial<LiveAnalysisSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private ensureEngine(): AnalysisEngine {
    const kind = engineKind(this.options);
    if (this.engine?.kind === kind) return this.engine;
    this.engine?.dispose();
    this.engine = createEngine(this.options);
    this.inFlight = false;
    return this.engine;
  }

  setDocument(doc: RouterDocument): void {
    if (doc === this.doc) return;
    const previousMemo = this.memo;
    this.doc = doc;
    this.memo = new Map();
    this.wanted = null;
    this.queue = [];
    const engine = this.ensureEngine();
    // A drop: the drag already analysed exactly this order of these very rules.
    const known = previousMemo.get(keyOf(doc.rules.map((r) => r.name)));
    if (known?.exact && this.snapshot.base && sameRules(this.snapshot.base.doc, doc)) this.emit({ base: { doc, findings: known.findings }, error: null });
    const seq = ++this.loadSeq;
    engine.load(doc).then(
      (result) => {
        if (seq !== this.loadSeq) return;
        this.memo.set(keyOf(doc.rules.map((r) => r.name)), result);
        this.emit({ base: { doc, findings: result.findings }, error: null, timedOut: result.timedOut === true, engine: engine.kind });
      },
      (error: unknown) => {
        if (seq === this.loadSeq) this.emit({ error: error instanceof Error ? error.message : String(error), engine: engine.kind });
      },
    );
  }

  /**
   * Shows the findings for `order`; called on every new drag position. `next` lists the
   * orders the drag may produce next (the neighbouring positions), analysed ahead of time.
   */
  preview(order: string[], next: string[][] = []): void {
    const engine = this.engine;
    if (engine === null || this.doc === null) return;
    const started = performance.now();
    const key = keyOf(order);
    this.wanted = order;
    this.queue = this.options.prefetch === false ? [] : next;
    const known = this.memo.get(key);
    if (known) {
      this.emit({ preview: { order, findings: known.findings, exact: known.exact } });
      record(engine.kind, performance.now() - started);
      if (!known.exact) this.refineSoon(order);
      this.prefetch();
      return;
    }
    if (engine.kind === "main") {
      const result = engine.order(order) as AnalysisResult;
      this.memo.set(key, result);
      this.emit({ preview: { order, findings: result.findings, exact: result.exact } });
      record(engine.kind, performance.now() - started);
      if (!result.exact) this.refineSoon(order);
      this.prefetch();
      return;
    }
    this.pump(started);
  }

  /** Worker: at most one request in flight; the newest position first, then its neighbours. */
  private pump(started: number): void {
    const engine = this.engine;
    if (engine === null || this.inFlight) return;
    const wanted = this.wanted !== null && !this.memo.has(keyOf(this.wanted)) ? this.wanted : null;
    const order = wanted ?? this.nextToPrefetch();
    if (order === null) return;
    this.inFlight = true;
    const key = keyOf(order);
    const request = wanted ? engine.order(order) : engine.order(order, false, WORKER_PREFETCH_BUDGET_MS);
    void (request as Promise<AnalysisResult>).then(
      (result) => {
        this.inFlight = false;
        if (wanted || result.exact) this.memo.set(key, result);
        const current = this.wanted;
        if (current !== null && keyOf(current) === key && this.snapshot.preview?.order !== current) {
          // The answer may be a neighbour's prefetch that the pointer has just reached.
          this.emit({ preview: { order: current, findings: result.findings, exact: result.exact } });
          record(engine.kind, performance.now() - started);
          if (!result.exact) this.refineSoon(current);
        }
        this.pump(performance.now());
      },
      (error: unknown) => {
        this.inFlight = false;
        this.emit({ error: error instanceof Error ? error.message : String(error) });
      },
    );
  }

  private nextToPrefetch(): string[] | null {
    while (this.queue.length > 0) {
      const order = this.queue.shift()!;
      if (!this.memo.has(keyOf(order))) return order;
    }
    return null;
  }

  /** Analyses the queued neighbours: in the worker, or in the page's idle periods. */
  private prefetch(): void {
    const engine = this.engine;
    if (engine === null || this.queue.length === 0) return;
    if (engine.kind === "worker") {
      this.pump(performance.now());
      return;
    }
    if (this.cancelIdle !== null) return;
    this.cancelIdle = whenIdle((deadline) => {
      this.cancelIdle = null;
      while (this.engine === engine && this.wanted !== null) {
        const budget = Math.min(IDLE_BUDGET_MAX_MS, deadline.timeRemaining());
        if (budget < 2) break;
        const order = this.nextToPrefetch();
        if (order === null) return;
        const result = engine.order(order, false, budget) as AnalysisResult;
        // Only complete answers are kept; a neighbour cut short is analysed when reached.
        if (result.exact) this.memo.set(keyOf(order), result);
      }
      if (this.queue.length > 0 && this.wanted !== null) this.prefetch();
    });
  }

  /** A preview cut short by its budget gets the exact answer once the pointer rests. */
  private refineSoon(order: string[]): void {
    if (this.refineTimer !== null) clearTimeout(this.refineTimer);
    this.refineTimer = setTimeout(() => {
      this.refineTimer = null;
      const engine = this.engine;
      const key = keyOf(order);
      if (engine === null || this.wanted === null || keyOf(this.wanted) !== key) return;
      void Promise.resolve(engine.order(order, true)).then((result) => {
        this.memo.set(key, result);
        if (this.wanted !== null && keyOf(this.wanted) === key) this.emit({ preview: { order, findings: result.findings, exact: true } });
      });
    }, 60);
  }

  endPreview(): void {
    this.wanted = null;
    this.queue = [];
    if (this.refineTimer !== null) clearTimeout(this.refineTimer);
    this.refineTimer = null;
    this.cancelIdle?.();
    this.cancelIdle = null;
    if (this.snapshot.preview !== null) this.emit({ preview: null });
  }

  dispose(): void {
    this.endPreview();
    this.engine?.dispose();
    this.engine = null;
    this.doc = null;
    this.inFlight = false;
    this.loadSeq++;
  }
}

function sameRules(a: RouterDocument, b: RouterDocument): boolean {
  if (a.rules.length !== b.rules.length || a.audiences !== b.audiences || a.settings !== b.settings || a.routes !== b.routes) return false;
  const set = new Set(a.rules);
  return b.rules.every((r) => set.has(r));
}

/** The store for one editor, fed with the draft as it changes. */
export function useLiveAnalysis(doc: RouterDocument | undefined): { store: LiveAnalysisStore; snapshot: LiveAnalysisSnapshot } {
  const [store] = React.useState(() => new LiveAnalysisStore());
  React.useEffect(() => () => store.dispose(), [store]);
  React.useEffect(() => {
    if (doc) store.setDocument(doc);
  }, [store, doc]);
  const snapshot = React.useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  return { store, snapshot };
}

/**
 * The rule analysis as the server runs it: in the worker pool (never on the event loop),
 * with answers remembered by document content, so that the router list, the router page,
 * `GET …/analysis` and a deploy of the same draft analyse it once.
 *
 * - complete answers are kept (an analysis is a function of the document);
 * - an analysis stopped at its hard time limit answers with the structural findings and an
 *   `analysis_incomplete` warning, remembered for a minute so that a pathological document
 *   does not take a worker on every page view;
 * - a job that found no free worker in time is `busy`: callers answer 503 or degrade.
 */
import { createHash } from "node:crypto";
import type { Finding, RouterDocument } from "../../router/document";
import { incompleteFindings } from "../incomplete";
import { AnalysisPool, type PoolOutcome } from "./pool";

export type ServerAnalysis = {
  readonly findings: readonly Finding[];
  /** false: the findings are the structural ones plus `analysis_incomplete`. */
  readonly complete: boolean;
  /** No worker was free within the wait allowed: nothing was analysed beyond the structure. */
  readonly busy: boolean;
};

export type ServerAnalysisOptions = {
  /** Time the analysis may spend on hard questions (default TURNOUT_ANALYSIS_BUDGET_MS or 5000). */
  budgetMs?: number;
  /** Longest wait for a free worker before answering busy (default 10 s). */
  maxWaitMs?: number;
};

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const serverBudgetMs = (): number => envNumber("TURNOUT_ANALYSIS_BUDGET_MS", 5000);

const CACHE_SIZE = 256;
const INCOMPLETE_TTL_MS = 60_000;

type State = {
  pool: AnalysisPool;
  cache: Map<string, { result: ServerAnalysis; expires: number }>;
  inFlight: Map<string, Promise<ServerAnalysis>>;
};

// One pool per server process, kept across module reloads in `next dev`.
const STATE = Symbol.for("turnout.analysis.pool");
type Global = typeof globalThis & { [STATE]?: State };

function state(): State {
  const g = globalThis as Global;
  g[STATE] ??= {
    pool: new AnalysisPool({ size: envNumber("TURNOUT_ANALYSIS_WORKERS", 2), graceMs: envNumber("TURNOUT_ANALYSIS_GRACE_MS", 2000) }),
    cache: new Map(),
    inFlight: new Map(),
  };
  return g[STATE];
}

/** The pool the server uses (its load, for tests and diagnostics). */
export function serverAnalysisPool(): AnalysisPool {
  return state().pool;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function toAnalysis(doc: RouterDocument, outcome: PoolOutcome): ServerAnalysis {
  switch (outcome.kind) {
    case "done":
      return { findings: outcome.findings, complete: true, busy: false };
    case "timeout":
      return { findings: incompleteFindings(doc, `the analysis was stopped after ${seconds(outcome.afterMs)}`), complete: false, busy: false };
    case "failed":
      return { findings: incompleteFindings(doc, `the analysis failed (${outcome.reason})`), complete: false, busy: false };
    case "busy":
      return { findings: incompleteFindings(doc, "every analysis worker was busy with other routers"), complete: false, busy: true };
  }
}

/**
 * Every finding of `doc`, analysed in the worker pool. Never throws for a hard document.
 * `pool` replaces the server's pool (tests); answers from it are not remembered.
 */
export async function analyzeOnServer(doc: RouterDocument, options: ServerAnalysisOptions = {}, pool?: AnalysisPool): Promise<ServerAnalysis> {
  const budgetMs = options.budgetMs ?? serverBudgetMs();
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  if (pool !== undefined) return toAnalysis(doc, await pool.run(doc, { budgetMs, maxWaitMs }));
  const key = `${budgetMs}:${createHash("sha256").update(JSON.stringify(doc)).digest("base64url")}`;
  const { cache, inFlight } = state();
  const known = cache.get(key);
  if (known !== undefined) {
    cache.delete(key);
    if (known.expires > Date.now()) {
      cache.set(key, known);
      return known.result;
    }
  }
  let running = inFlight.get(key);
  if (running === undefined) {
    running = state().pool.run(doc, { budgetMs, maxWaitMs }).then((outcome) => {
      inFlight.delete(key);
      const result = toAnalysis(doc, outcome);
      if (!result.busy) {
        cache.set(key, { result, expires: result.complete ? Infinity : Date.now() + INCOMPLETE_TTL_MS });
        while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return result;
    });
    inFlight.set(key, running);
  }
  return running;
}

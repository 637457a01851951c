import type { Finding, RouterDocument } from "../../router/document";

/** Messages between the analysis pool (pool.ts) and its worker threads (worker.ts). */
export type PoolRequest = { id: number; doc: RouterDocument; budgetMs: number };
export type PoolResponse = { id: number; findings: Finding[] } | { id: number; error: string };
/** Sent once by a worker when it has loaded: jobs (and their hard timeouts) start after it. */
export type PoolReady = { ready: true };

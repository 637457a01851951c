/**
 * A small pool of worker threads that run the rule analysis off the server's event loop.
 * Each job has a hard timeout (its budget plus a grace period): a worker still busy then is
 * terminated and replaced, so no document can hold a thread, the CPU or the memory for
 * longer — whatever the analysis' own deadline manages. Jobs wait in a FIFO queue; one that
 * waits longer than its `maxWaitMs` is given up as "busy".
 */
import { Worker, type ResourceLimits } from "node:worker_threads";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Finding, RouterDocument } from "../../router/document";
import type { PoolReady, PoolRequest, PoolResponse } from "./protocol";

export type PoolOutcome =
  | { readonly kind: "done"; readonly findings: Finding[] }
  /** The worker was still busy at the hard timeout: terminated. */
  | { readonly kind: "timeout"; readonly afterMs: number }
  /** The worker died (out of memory, a crash) or the analysis threw. */
  | { readonly kind: "failed"; readonly reason: string }
  /** No worker became free within the job's maxWaitMs. */
  | { readonly kind: "busy" };

export interface PoolOptions {
  /** Worker threads (default 2). */
  size?: number;
  /** Time a job may take beyond its budget before its worker is terminated (default 2000 ms). */
  graceMs?: number;
  /** Heap limits of each worker: a document that would need more fails instead of growing the server. */
  resourceLimits?: ResourceLimits;
  /** Makes a worker (tests); by default the bundled worker under Next.js, the TypeScript source otherwise. It posts `{ ready: true }` once loaded. */
  spawn?: () => Worker;
  /** Longest a worker may take to load (default 60 s). */
  startMs?: number;
}

export interface JobOptions {
  budgetMs: number;
  maxWaitMs: number;
}

interface Job {
  readonly id: number;
  readonly doc: RouterDocument;
  readonly budgetMs: number;
  readonly resolve: (outcome: PoolOutcome) => void;
  waitTimer: ReturnType<typeof setTimeout> | null;
}

interface Slot {
  readonly worker: Worker;
  /** The worker has loaded (it said so): a job's hard timeout counts from here on, not the start-up. */
  ready: boolean;
  job: Job | null;
  hardTimer: ReturnType<typeof setTimeout> | null;
  /** Set once the slot is given up (terminated or died): late messages are ignored. */
  retired: boolean;
}

const DEFAULT_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 48 };

/**
 * The worker thread. Under Next.js (dev and production builds) the bundler sees the
 * `new Worker(new URL(…, import.meta.url))` form and bundles worker.ts as its own entry.
 * Elsewhere (vitest, tsx scripts) the TypeScript source is loaded through tsx.
 */
function defaultSpawn(resourceLimits: ResourceLimits): Worker {
  const options = { resourceLimits, name: "turnout-analysis" };
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./worker.ts", import.meta.url), options);
  const source = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), "worker.ts")).href;
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

export class AnalysisPool {
  private readonly size: number;
  private readonly graceMs: number;
  private readonly spawnWorker: () => Worker;
  private readonly startMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers terminated at their hard timeout or lost, since the pool started. */
  replaced = 0;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 2);
    this.graceMs = options.graceMs ?? 2000;
    const limits = options.resourceLimits ?? DEFAULT_LIMITS;
    this.spawnWorker = options.spawn ?? (() => defaultSpawn(limits));
    this.startMs = options.startMs ?? 60_000;
  }

  /** Analyses `doc` in a worker; never rejects. */
  run(doc: RouterDocument, options: JobOptions): Promise<PoolOutcome> {
    if (this.closed) return Promise.resolve({ kind: "failed", reason: "the analysis pool is closed" });
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, doc, budgetMs: options.budgetMs, resolve, waitTimer: null };
      const giveUp = () => {
        const at = this.queue.indexOf(job);
        if (at < 0) return;
        // Waiting for workers to start is not being busy: only give up behind other jobs.
        if (!this.slots.some((s) => s.ready)) {
          job.waitTimer = setTimeout(giveUp, options.maxWaitMs);
          job.waitTimer.unref?.();
          return;
        }
        this.queue.splice(at, 1);
        resolve({ kind: "busy" });
      };
      job.waitTimer = setTimeout(giveUp, options.maxWaitMs);
      job.waitTimer.unref?.();
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Jobs waiting for a worker, and workers busy. */
  get load(): { queued: number; running: number; workers: number } {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.job !== null).length, workers: this.slots.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      if (job.waitTimer) clearTimeout(job.waitTimer);
      job.resolve({ kind: "failed", reason: "the analysis pool is closed" });
    }
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, { kind: "failed", reason: "the analysis pool is closed" })));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && s.job === null);
      if (slot === undefined) {
        // Start workers for the waiting jobs (those starting will take them when ready).
        const starting = this.slots.filter((s) => !s.ready).length;
        if (this.slots.length < this.size && starting < this.queue.length) {
          this.spawn();
          continue;
        }
        return;
      }
      const job = this.queue.shift()!;
      if (job.waitTimer) clearTimeout(job.waitTimer);
      this.start(slot, job);
    }
  }

  private spawn(): Slot {
    const worker = this.spawnWorker();
    // An idle pool never keeps the process alive.
    worker.unref();
    const slot: Slot = { worker, ready: false, job: null, hardTimer: null, retired: false };
    const lost = (reason: string): void => {
      clearTimeout(startTimer);
      if (slot.retired) return;
      void this.retire(slot, { kind: "failed", reason });
      this.replaced++;
      // A worker that cannot even start would fail the next one too: answer the waiting jobs.
      if (!slot.ready && !this.slots.some((s) => s.ready)) {
        for (const job of this.queue.splice(0)) {
          if (job.waitTimer) clearTimeout(job.waitTimer);
          job.resolve({ kind: "failed", reason });
        }
      }
      this.dispatch();
    };
    const startTimer = setTimeout(() => lost("the analysis worker did not start"), this.startMs);
    startTimer.unref?.();
    worker.on("message", (response: PoolResponse | PoolReady) => {
      if ("ready" in response) {
        clearTimeout(startTimer);
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (slot.retired || job === null || response.id !== job.id) return;
      if (slot.hardTimer) clearTimeout(slot.hardTimer);
      slot.hardTimer = null;
      slot.job = null;
      job.resolve("error" in response ? { kind: "failed", reason: response.error } : { kind: "done", findings: response.findings });
      this.dispatch();
    });
    worker.on("error", (error) => lost(error.message));
    worker.on("exit", (code) => lost(`the analysis worker exited (code ${code})`));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    const hardMs = job.budgetMs + this.graceMs;
    slot.hardTimer = setTimeout(() => {
      if (slot.retired || slot.job !== job) return;
      void this.retire(slot, { kind: "timeout", afterMs: hardMs });
      this.replaced++;
      this.dispatch();
    }, hardMs);
    slot.hardTimer.unref?.();
    const request: PoolRequest = { id: job.id, doc: job.doc, budgetMs: job.budgetMs };
    slot.worker.postMessage(request);
  }

  /** Takes the slot out of the pool, answers its job with `outcome` and stops its thread. */
  private async retire(slot: Slot, outcome: PoolOutcome): Promise<void> {
    slot.retired = true;
    if (slot.hardTimer) clearTimeout(slot.hardTimer);
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    const job = slot.job;
    slot.job = null;
    job?.resolve(outcome);
    await slot.worker.terminate().catch(() => undefined);
  }
}

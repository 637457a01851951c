/**
 * One shadow request: sent after the primary, never awaited by it, its response discarded
 * except for its status, its latency and a digest of its body compared with the primary's.
 * It has its own timeout (the shadow route's) and releases its in-flight slot however it ends.
 */
import type { Hash } from "node:crypto";
import type { Dispatcher } from "undici";
import { bodyHash, type BodyComparison } from "./body-comparison";
import type { ShadowResult } from "./metrics";
import type { RouteTarget } from "./router-entry";

export class ShadowExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((error?: Error) => void) | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  private readonly hash: Hash = bodyHash();
  private status = 0;
  private done = false;

  constructor(
    private readonly route: RouteTarget,
    private readonly rule: string,
    private readonly comparison: BodyComparison,
  ) {
    this.timer = setTimeout(this.onTimeout, route.timeoutMs);
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.done) abort();
    else this.abortUpstream = abort;
  }

  onHeaders(statusCode: number): boolean {
    if (statusCode >= 200) this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.hash.update(chunk);
    return true;
  }

  onComplete(): void {
    if (this.done) return;
    const seconds = this.end();
    const digest = this.hash.digest("base64");
    const status = String(this.status);
    this.comparison.whenSettled((primary) => {
      const result: ShadowResult = primary === null ? "incomparable" : primary === digest ? "agree" : "disagree";
      this.route.stats.shadowAnswered(this.rule, status, result, seconds);
    });
  }

  onError(error: Error): void {
    if (this.done) return;
    const seconds = this.end();
    this.route.stats.shadowAnswered(this.rule, error === TIMEOUT ? "timeout" : "error", "failed", seconds);
  }

  /** Frees the in-flight slot; returns the latency in seconds. */
  private end(): number {
    this.done = true;
    clearTimeout(this.timer);
    this.route.stats.shadowInFlight--;
    return (performance.now() - this.startedAt) / 1000;
  }

  private readonly onTimeout = (): void => {
    if (this.done) return;
    const abort = this.abortUpstream;
    this.onError(TIMEOUT);
    abort?.(TIMEOUT);
  };
}

const TIMEOUT = new Error("shadow timeout");

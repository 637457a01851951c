/**
 * One shadow request: sent after the primary, never awaited by it, its answer kept only as
 * far as its comparison needs (a digest, or the first bytes up to the comparison cap). It has
 * its own timeout (the shadow route's). It holds its in-flight slot until its outcome is
 * recorded — a shadow that answered first waits for the primary's answer — so that the
 * per-route cap also bounds the memory held for comparisons.
 */
import type { Dispatcher } from "undici";
import type { CompiledComparison } from "../shadows/compare";
import { BodyCapture, compareAnswers, type Answer, type CaptureLimits, type PrimaryAnswer } from "./body-comparison";
import type { SampleContext } from "./disagreement-sample";
import type { DisagreementWriter } from "./disagreement-writer";
import { legacyResult, type ShadowPairStats } from "./metrics";
import type { RouteTarget } from "./router-entry";

/** What a shadow needs besides its route: the primary it is compared with, and where disagreements go. */
export interface ShadowJob {
  readonly route: RouteTarget;
  /** The rule that drew the shadow. */
  readonly rule: string;
  readonly comparison: CompiledComparison;
  readonly pair: ShadowPairStats;
  readonly primary: PrimaryAnswer;
  readonly limits: CaptureLimits;
  /** Set when the router stores disagreements. */
  readonly sample: SampleContext | null;
  readonly writer: DisagreementWriter | null;
}

export class ShadowExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((error?: Error) => void) | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  private readonly capture: BodyCapture;
  private status = 0;
  private done = false;

  constructor(private readonly job: ShadowJob) {
    this.capture = new BodyCapture(!job.comparison.parsesBodies, Math.max(job.comparison.parsesBodies ? job.limits.maxBytes : 0, job.sample ? job.limits.sampleBytes : 0));
    this.timer = setTimeout(this.onTimeout, job.route.timeoutMs);
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
    this.capture.add(chunk);
    return true;
  }

  onComplete(): void {
    if (this.done) return;
    const shadow: Answer = { status: this.status, seconds: this.end(), digest: this.capture.digest(), capture: this.capture };
    this.job.primary.whenSettled((primary) => this.compare(primary, shadow));
  }

  onError(error: Error): void {
    if (this.done) return;
    const seconds = this.end();
    const { route, rule, pair, primary } = this.job;
    primary.release();
    route.stats.shadowAnswered(rule, error === TIMEOUT ? "timeout" : "error", "failed", seconds);
    pair.compared("shadow_failed", null, null, null);
    route.stats.shadowInFlight--;
  }

  private compare(primary: Answer | null, shadow: Answer): void {
    const { route, rule, pair, comparison, limits, sample, writer } = this.job;
    const result = primary === null ? ({ outcome: "primary_failed" } as const) : compareAnswers(comparison, this.job.primary, primary, shadow, limits);
    route.stats.shadowAnswered(rule, String(shadow.status), legacyResult(result.outcome), shadow.seconds);
    pair.compared(result.outcome, result.outcome === "disagree" ? result.field : null, primary?.seconds ?? null, shadow.seconds);
    if (result.outcome === "disagree" && sample !== null && writer !== null && primary !== null) {
      writer.offer(sample.sample(route.name, result.field, result.differences, primary, shadow));
    }
    route.stats.shadowInFlight--;
  }

  /** Stops the timer; returns the latency in seconds. */
  private end(): number {
    this.done = true;
    clearTimeout(this.timer);
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

/**
 * What the gateway keeps of a primary's and a shadow's answers to compare them: a digest (for
 * `exact` shadows) and/or the first bytes of the body (for `json` / `fields` shadows and for
 * stored disagreements), never more than the comparison cap, and only on requests that
 * mirror. Shadows that finish before the primary wait here for its answer; a primary that
 * gives no complete answer (error, timeout, caller gone) settles as null.
 */
import { createHash, type Hash } from "node:crypto";
import { AGREE, compareParsed, parseBody, statusDifference, type CompareLimits, type CompiledComparison, type ComparisonResult, type ParsedBody } from "../shadows/compare";

/** The comparison's bounds, plus how much of each body a stored disagreement keeps. */
export interface CaptureLimits extends CompareLimits {
  readonly sampleBytes: number;
}

/** A digest and/or the first `keepBytes` bytes of a body, fed as it streams. */
export class BodyCapture {
  private readonly hash: Hash | null;
  private chunks: Buffer[] | null;
  private kept = 0;
  /** Bytes seen in all (kept or not). */
  size = 0;

  constructor(hash: boolean, private readonly keepBytes: number) {
    this.hash = hash ? createHash("sha1") : null;
    this.chunks = keepBytes > 0 ? [] : null;
  }

  add(chunk: Buffer): void {
    this.hash?.update(chunk);
    this.size += chunk.length;
    if (this.chunks !== null && this.kept < this.keepBytes) {
      const take = Math.min(chunk.length, this.keepBytes - this.kept);
      // A copy: a slice would keep the socket's whole read buffer alive.
      this.chunks.push(Buffer.from(chunk.subarray(0, take)));
      this.kept += take;
    }
  }

  /** Nobody needs the bytes any more: let them go. */
  stopKeeping(): void {
    this.chunks = null;
  }

  digest(): string | null {
    return this.hash === null ? null : this.hash.digest("base64");
  }

  /** The bytes kept (the whole body when `size <= keepBytes`); null when none were. */
  bytes(): Buffer | null {
    if (this.chunks === null) return null;
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.kept)];
    return this.chunks[0]!;
  }
}

/** A complete answer. */
export interface Answer {
  readonly status: number;
  readonly seconds: number;
  readonly digest: string | null;
  readonly capture: BodyCapture;
}

type Waiter = (primary: Answer | null) => void;

function parseCaptured(answer: Answer, side: "primary" | "shadow", limits: CompareLimits): ParsedBody {
  if (answer.capture.size > limits.maxBytes) return { ok: false, reason: `the ${side}'s answer is larger than the ${limits.maxBytes}-byte comparison limit` };
  return parseBody(answer.capture.bytes() ?? new Uint8Array(0), side, limits);
}

/** The primary's answer, as the shadows of the same request wait for it. */
export class PrimaryAnswer {
  readonly capture: BodyCapture;
  private answer: Answer | null | undefined = undefined;
  private waiters: Waiter[] | null = null;
  private parsed: ParsedBody | null = null;

  constructor(
    hash: boolean,
    keepBytes: number,
    /** Shadows that still need the primary's body. */
    private interested: number,
  ) {
    this.capture = new BodyCapture(hash, keepBytes);
  }

  /** The primary finished (null: without a complete answer). Waiters run on a later turn, after the caller's response is written. */
  settle(status: number | null, seconds: number): void {
    if (this.answer !== undefined) return;
    const answer = status === null ? null : { status, seconds, digest: this.capture.digest(), capture: this.capture };
    this.answer = answer;
    const waiters = this.waiters;
    this.waiters = null;
    if (waiters !== null) setImmediate(() => waiters.forEach((waiter) => waiter(answer)));
  }

  whenSettled(waiter: Waiter): void {
    if (this.answer !== undefined) waiter(this.answer);
    else (this.waiters ??= []).push(waiter);
  }

  /** A shadow failed and will not compare: with no shadow left to compare, the primary's bytes are not kept. */
  release(): void {
    if (--this.interested === 0 && this.answer === undefined) this.capture.stopKeeping();
  }

  /** The primary's body parsed once for every shadow of the request. */
  parse(answer: Answer, limits: CompareLimits): ParsedBody {
    return (this.parsed ??= parseCaptured(answer, "primary", limits));
  }
}

/** How a shadow's complete answer compares with the primary's. */
export function compareAnswers(comparison: CompiledComparison, primary: PrimaryAnswer, primaryAnswer: Answer, shadow: Answer, limits: CompareLimits): ComparisonResult {
  const status = statusDifference(primaryAnswer.status, shadow.status);
  if (status !== null) return status;
  if (!comparison.parsesBodies) {
    return primaryAnswer.digest === shadow.digest ? AGREE : { outcome: "disagree", field: "body", differences: [{ field: "body", reason: "the bodies differ" }] };
  }
  return compareParsed(comparison, primary.parse(primaryAnswer, limits), parseCaptured(shadow, "shadow", limits), limits);
}

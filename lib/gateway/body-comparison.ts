/**
 * Whether a shadow answered with the primary's body, compared by digest: neither body is
 * kept, each is hashed as it streams. Shadows that finish before the primary wait here for
 * its digest; a primary that gives no complete body (error, timeout, caller gone) makes
 * every comparison "incomparable".
 */
import { createHash, type Hash } from "node:crypto";

export type PrimaryDigest = string | null;
type Waiter = (primary: PrimaryDigest) => void;

export function bodyHash(): Hash {
  return createHash("sha1");
}

export class BodyComparison {
  private primary: PrimaryDigest | undefined = undefined;
  private waiters: Waiter[] | null = null;

  /** The primary finished: its body's digest, or null when it gave no complete body. */
  settle(digest: PrimaryDigest): void {
    if (this.primary !== undefined) return;
    this.primary = digest;
    const waiters = this.waiters;
    this.waiters = null;
    if (waiters !== null) for (const waiter of waiters) waiter(digest);
  }

  whenSettled(waiter: Waiter): void {
    if (this.primary !== undefined) waiter(this.primary);
    else (this.waiters ??= []).push(waiter);
  }
}

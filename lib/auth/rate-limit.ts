/**
 * A fixed-window limiter kept in memory (one console process). Returns how long the caller
 * must wait when over the limit, for a `Retry-After` header.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one attempt for `key`; `retryAfterSeconds` is set when the attempt is refused. */
    hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
      const t = now();
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (t - w.start >= options.windowMs) windows.delete(k);
      }
      const w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        windows.set(key, { start: t, count: 1 });
        return { allowed: true };
      }
      w.count += 1;
      if (w.count <= options.limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000)) };
    },
    reset(key: string) {
      windows.delete(key);
    },
  };
}

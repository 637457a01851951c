import type { Rng } from "./compiled";

/**
 * mulberry32: a small seeded generator, for reproducible runs (the CLI's `--random-seed`,
 * replays that must draw the same for both documents). The gateway draws with Math.random.
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

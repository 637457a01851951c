/**
 * Agreement over time, from the gateway's counters as the Traffic tab polls them: each poll
 * is a snapshot of cumulative outcome counts per shadow; the share agreeing in each interval
 * is the difference between two snapshots. Kept in the browser for this page's lifetime (at
 * most MAX_SNAPSHOTS polls, 10 minutes at one every 5 s), so switching tabs keeps the
 * chart; a gateway restart (counters going down) starts the interval from zero.
 */
import { useSyncExternalStore } from "react";

export const MAX_SNAPSHOTS = 120;

type Counts = { readonly agree: number; readonly disagree: number };
export type Snapshot = { readonly at: number; readonly counts: ReadonlyMap<string, Counts> };
export type History = readonly Snapshot[];
export type AgreementPoint = { readonly at: number; readonly agreement: number | null; readonly compared: number };

export const shadowKey = (rule: string, route: string) => `${rule}\u0000${route}`;

/** `history` with one more snapshot (unless it is the one already last), the oldest dropped past `max`. */
export function appendSnapshot(history: History, at: number, comparisons: readonly { rule: string; route: string; outcomes: Counts }[], max = MAX_SNAPSHOTS): History {
  if (history.length > 0 && history[history.length - 1]!.at >= at) return history;
  const counts = new Map(comparisons.map((c) => [shadowKey(c.rule, c.route), { agree: c.outcomes.agree, disagree: c.outcomes.disagree }]));
  const next = [...history, { at, counts }];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** One point per interval between snapshots: the share of that interval's comparisons that agreed. */
export function agreementPoints(history: History, key: string): AgreementPoint[] {
  const points: AgreementPoint[] = [];
  for (let i = 1; i < history.length; i++) {
    const now = history[i]!.counts.get(key) ?? { agree: 0, disagree: 0 };
    const then = history[i - 1]!.counts.get(key) ?? { agree: 0, disagree: 0 };
    const reset = now.agree < then.agree || now.disagree < then.disagree;
    const agree = reset ? now.agree : now.agree - then.agree;
    const disagree = reset ? now.disagree : now.disagree - then.disagree;
    points.push({ at: history[i]!.at, agreement: agree + disagree > 0 ? agree / (agree + disagree) : null, compared: agree + disagree });
  }
  return points;
}

// The page-lifetime store, one history per router.
const histories = new Map<string, History>();
const listeners = new Set<() => void>();
const EMPTY: History = [];

export function recordSnapshot(router: string, at: number, comparisons: readonly { rule: string; route: string; outcomes: Counts }[]): void {
  const before = histories.get(router) ?? EMPTY;
  const after = appendSnapshot(before, at, comparisons);
  if (after === before) return;
  histories.set(router, after);
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The router's history; re-renders when a snapshot is recorded. */
export function useAgreementHistory(router: string): History {
  return useSyncExternalStore(
    subscribe,
    () => histories.get(router) ?? EMPTY,
    () => EMPTY,
  );
}

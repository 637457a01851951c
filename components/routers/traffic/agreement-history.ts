/**
 * Agreement over time, from the fleet's counters as the Traffic tab polls them. Each poll is
 * a snapshot of outcome counts per shadow: cumulative ones (since the gateways started),
 * where the share agreeing in each interval is the difference between two snapshots, or a
 * window's (the last minute…), where each poll is a point of that rolling window. Kept in
 * the browser for this page's lifetime, one history per router and window (at most
 * MAX_SNAPSHOTS polls, 10 minutes at one every 5 s), so switching tabs keeps the chart.
 * Cumulative counts that went down (a gateway restarted or left the fleet) leave that
 * interval unknown rather than guessing.
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

const point = (at: number, agree: number, disagree: number): AgreementPoint => ({ at, agreement: agree + disagree > 0 ? agree / (agree + disagree) : null, compared: agree + disagree });

/**
 * Cumulative snapshots: one point per interval between them, the share of that interval's
 * comparisons that agreed. Window snapshots (`cumulative` false): one point per snapshot.
 */
export function agreementPoints(history: History, key: string, cumulative = true): AgreementPoint[] {
  const none = { agree: 0, disagree: 0 };
  if (!cumulative) return history.map((s) => { const c = s.counts.get(key) ?? none; return point(s.at, c.agree, c.disagree); });
  const points: AgreementPoint[] = [];
  for (let i = 1; i < history.length; i++) {
    const now = history[i]!.counts.get(key) ?? none;
    const then = history[i - 1]!.counts.get(key) ?? none;
    const wentDown = now.agree < then.agree || now.disagree < then.disagree;
    points.push(wentDown ? point(history[i]!.at, 0, 0) : point(history[i]!.at, now.agree - then.agree, now.disagree - then.disagree));
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

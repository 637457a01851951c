/**
 * Shadow traffic: each drawn shadow is admitted only while its route has fewer than
 * `maxInFlight` shadow requests outstanding — beyond that it is dropped and counted, so a
 * hung shadow backend costs at most that many sockets and timers, never the primary's time.
 */
import { upstreamPath } from "./request-target";
import type { RouteTarget, RouterEntry } from "./router-entry";
import { ShadowExchange, type ShadowJob } from "./shadow-exchange";

export class ShadowSender {
  constructor(private readonly maxInFlight: number) {}

  /** The shadow routes that may be sent now, each holding an in-flight slot; null when none. */
  admit(entry: RouterEntry, names: readonly string[], rule: string): RouteTarget[] | null {
    let admitted: RouteTarget[] | null = null;
    for (let i = 0; i < names.length; i++) {
      const route = entry.routes.get(names[i]!);
      if (route === undefined) continue;
      const stats = route.stats;
      if (stats.shadowInFlight >= this.maxInFlight) {
        stats.shadowDropped(rule);
        continue;
      }
      stats.shadowInFlight++;
      stats.shadowSent(rule);
      (admitted ??= []).push(route);
    }
    return admitted;
  }

  /** Shadows drawn that cannot be sent (the body was too large to buffer for them). */
  drop(entry: RouterEntry, names: readonly string[], rule: string): void {
    for (const name of names) entry.routes.get(name)?.stats.shadowDropped(rule);
  }

  /**
   * Fire and forget, nothing here is awaited. The shadows leave on the next turn of the event
   * loop, after undici has written the primary request, so their setup never sits between
   * the caller's request and the primary's.
   */
  send(jobs: readonly ShadowJob[], method: string, rest: string, search: string, headers: readonly string[], body: Buffer | null): void {
    setImmediate(() => {
      const shadowHeaders = [...headers, "x-turnout-shadow", "1"];
      for (const job of jobs) {
        const route = job.route;
        route.pool.dispatch({ method, path: upstreamPath(route.basePath, route.baseQuery, rest, search), headers: shadowHeaders, body }, new ShadowExchange(job));
      }
    });
  }
}

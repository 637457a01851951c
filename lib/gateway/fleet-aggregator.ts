/**
 * `--workers N` as one gateway in the fleet: each worker sends the primary what it serves and
 * its counters (every heartbeat interval and right after a reload), and the primary, which
 * alone registers and heartbeats, reports their sum. A worker that exits leaves its last
 * counters in a retired total, so the gateway's counters never go down when one is replaced.
 */
import { sumCounters, type RouterCounters } from "../fleet/counters";
import type { FleetReport } from "./registration";

export const FLEET_REPORT = "turnout:fleet-report";

export interface WorkerFleetReport {
  readonly type: typeof FLEET_REPORT;
  readonly port: number;
  /** The admin listener's port (where /metrics is), or null when /metrics is on `port`. */
  readonly adminPort: number | null;
  readonly served: Record<string, number>;
  readonly counters: [string, RouterCounters][];
}

export function isWorkerFleetReport(message: unknown): message is WorkerFleetReport {
  const m = message as Partial<WorkerFleetReport> | null;
  return m?.type === FLEET_REPORT && typeof m.port === "number" && (m.adminPort === null || typeof m.adminPort === "number") && typeof m.served === "object" && m.served !== null && Array.isArray(m.counters);
}

export class FleetAggregator {
  private readonly workers = new Map<number, WorkerFleetReport>();
  private retired = new Map<string, RouterCounters>();
  private lastServed = "";

  /** `servedChanged` runs when a report changes the versions the gateway serves as a whole. */
  constructor(private readonly servedChanged: () => void) {}

  /** The port the workers listen on (known once one reported). */
  get port(): number | null {
    for (const report of this.workers.values()) return report.port;
    return null;
  }

  /** The workers' admin port, if they have an admin listener (known once one reported). */
  get adminPort(): number | null {
    for (const report of this.workers.values()) return report.adminPort;
    return null;
  }

  accept(workerId: number, report: WorkerFleetReport): void {
    this.workers.set(workerId, report);
    const served = JSON.stringify(this.served());
    if (served !== this.lastServed) {
      this.lastServed = served;
      this.servedChanged();
    }
  }

  retire(workerId: number): void {
    const report = this.workers.get(workerId);
    if (report === undefined) return;
    this.workers.delete(workerId);
    this.retired = this.sum([...this.retired], report.counters);
  }

  /**
   * Per router, the lowest version any worker serves: while a reload is under way the gateway
   * as a whole is only as current as its slowest worker.
   */
  served(): Record<string, number> {
    const served: Record<string, number> = {};
    for (const report of this.workers.values()) {
      for (const [router, version] of Object.entries(report.served)) served[router] = Math.min(served[router] ?? Infinity, version);
    }
    return served;
  }

  report(): FleetReport {
    let counters = this.retired;
    for (const report of this.workers.values()) counters = this.sum([...counters], report.counters);
    return { served: this.served(), workers: Math.max(1, this.workers.size), counters };
  }

  private sum(a: [string, RouterCounters][], b: [string, RouterCounters][]): Map<string, RouterCounters> {
    const byRouter = new Map<string, RouterCounters[]>();
    for (const [router, counters] of [...a, ...b]) byRouter.set(router, [...(byRouter.get(router) ?? []), counters]);
    return new Map([...byRouter].map(([router, list]) => [router, list.length === 1 ? list[0]! : sumCounters(list)]));
  }
}

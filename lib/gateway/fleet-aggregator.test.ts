import { describe, expect, it } from "vitest";
import { CountersBuilder } from "@/lib/fleet/counters";
import { FLEET_REPORT, FleetAggregator, type WorkerFleetReport } from "./fleet-aggregator";

const report = (served: Record<string, number>, requests: number): WorkerFleetReport => ({
  type: FLEET_REPORT,
  port: 8080,
  adminPort: null,
  served,
  counters: [["acme/scorer", new CountersBuilder().request("default", "blue", "2xx", requests).build()]],
});

const requests = (a: FleetAggregator) => a.report().counters.get("acme/scorer")?.requests[0]?.[3] ?? 0;

describe("a --workers gateway as one member of the fleet", () => {
  it("sums its workers' counters, and keeps a replaced worker's so the total never goes down", () => {
    const a = new FleetAggregator(() => {});
    a.accept(1, report({ "acme/scorer": 3 }, 10));
    a.accept(2, report({ "acme/scorer": 3 }, 5));
    expect(requests(a)).toBe(15);
    expect(a.report().workers).toBe(2);
    a.retire(2);
    a.accept(3, report({ "acme/scorer": 3 }, 0));
    a.accept(1, report({ "acme/scorer": 3 }, 12));
    a.accept(3, report({ "acme/scorer": 3 }, 1));
    expect(requests(a)).toBe(18);
  });

  it("serves a router at its slowest worker's version, and says when that changes", () => {
    const changes: Record<string, number>[] = [];
    const a = new FleetAggregator(() => changes.push(a.served()));
    a.accept(1, report({ "acme/scorer": 3 }, 0));
    a.accept(2, report({ "acme/scorer": 3 }, 0));
    a.accept(1, report({ "acme/scorer": 4 }, 0));
    expect(a.served()).toEqual({ "acme/scorer": 3 });
    a.accept(2, report({ "acme/scorer": 4 }, 0));
    expect(changes).toEqual([{ "acme/scorer": 3 }, { "acme/scorer": 4 }]);
  });
});

import { describe, expect, it } from "vitest";
import { describeConvergence } from "./convergence-text";

describe("describeConvergence", () => {
  it.each([
    [{ state: "converged", version: 7, elapsedMs: 412, live: 3, serving: 3, lagging: [] }, "served by all 3 gateways in 0.4 s"],
    [{ state: "converged", version: 7, elapsedMs: 80, live: 1, serving: 1, lagging: [] }, "served by the gateway in 0.1 s"],
    [{ state: "no_gateways", version: 7, elapsedMs: 3, live: 0, serving: 0, lagging: [] }, "no live gateway to serve it yet"],
    [
      { state: "timeout", version: 7, elapsedMs: 5004, live: 3, serving: 2, lagging: [{ id: "00000000-0000-4000-8000-000000000000", host: "gw-2", port: 8080, version: 6 }] },
      "served by 2 of 3 gateways after 5.0 s; behind: gw-2:8080 (v6)",
    ],
  ] as const)("%j", (convergence, text) => {
    expect(describeConvergence({ ...convergence, lagging: [...convergence.lagging] })).toBe(text);
  });
});

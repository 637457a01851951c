import { describe, expect, it } from "vitest";
import { convergenceText } from "./deploy";

describe("what deploy --wait prints of the gateways", () => {
  it("each answer a waiting server gives, and none from one that does not wait", () => {
    const base = { version: 4, elapsedMs: 120, live: 3, serving: 3, lagging: [] };
    expect(convergenceText({ ...base, state: "converged" }, true)).toEqual({ text: "all 3 live gateways serve version 4 (after 120 ms)\n", served: true });
    expect(convergenceText({ ...base, state: "no_gateways", live: 0, serving: 0 }, true)).toEqual({ text: "no live gateway to wait for\n", served: true });
    const lagging = convergenceText({ ...base, state: "timeout", elapsedMs: 5000, serving: 1, lagging: [{ id: "0b5d8c1e-6a3f-4c2e-9d7a-1f2e3d4c5b6a", host: "gw-1", port: 8080, version: 3 }, { id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", host: "gw-2", port: 8080, version: null }] }, true);
    expect(lagging).toEqual({ text: "after 5000 ms, 1 of 3 live gateways serve version 4; lagging: gw-1:8080 (version 3), gw-2:8080 (no version)\n", served: false });
    expect(convergenceText(undefined, true)).toEqual({ text: "this server does not report the gateways (it did not wait)\n", served: true });
    expect(convergenceText(undefined, false)).toEqual({ text: "", served: true });
  });
});

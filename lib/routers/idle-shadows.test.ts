import { describe, expect, it } from "vitest";
import type { RouterDocument } from "@/lib/router/document";
import { idleShadows, planUndeploy } from "./undeploy";

const doc: RouterDocument = {
  name: "r",
  settings: { keySources: [{ source: "header", key: "x-shard-key" }], missingKey: "reject", strict: false, allowPin: false },
  routes: [
    { name: "a", url: "http://a.test", timeoutMs: 1000 },
    { name: "b", url: "http://b.test", timeoutMs: 1000 },
    { name: "c", url: "http://c.test", timeoutMs: 1000 },
  ],
  audiences: [],
  rules: [
    { name: "two", conditions: [], strategy: "random", split: [{ route: "a", weight: 90 }, { route: "b", weight: 10 }], shadows: [{ route: "a", percent: 25 }] },
    { name: "three", conditions: [], strategy: "random", split: [{ route: "a", weight: 50 }, { route: "b", weight: 25 }, { route: "c", weight: 25 }], shadows: [{ route: "a", percent: 10 }] },
  ],
  defaultRule: { strategy: "random", split: [{ route: "c", weight: 100 }], shadows: [] },
} as unknown as RouterDocument;

describe("idleShadows", () => {
  it("names the shadow an undeploy leaves on a rule's only remaining route", () => {
    const plan = planUndeploy(doc, "b", { mode: "proportional" });
    expect(idleShadows(plan.rules)).toEqual([{ rule: "two", route: "a", percent: 25 }]);
  });

  it("says nothing while the rule keeps two serving routes", () => {
    const plan = planUndeploy(doc, "c", { mode: "proportional", replacement: "a" });
    expect(idleShadows(plan.rules).filter((s) => s.rule === "three")).toEqual([]);
  });

  it("ignores routes left at weight 0", () => {
    expect(
      idleShadows([{ rule: "x", after: [{ route: "a", weight: 100 }, { route: "b", weight: 0 }], shadowsAfter: [{ route: "b", percent: 5 }] }]),
    ).toEqual([]);
  });
});

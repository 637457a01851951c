import { describe, expect, it } from "vitest";
import { routerDocumentSchema } from "@/lib/router/document";
import { draftStatus } from "./draft-status";
import { rulesInOrder } from "./edits";

const base = routerDocumentSchema.parse({
  name: "r",
  description: "the router",
  routes: ["a", "b"].map((n) => ({ name: n, url: `http://127.0.0.1:9000/${n}` })),
  rules: ["one", "two"].map((name) => ({
    name,
    conditions: [{ source: "header", key: "x", operator: "in", values: [name] }],
    strategy: "random",
    split: [{ route: "a", weight: 100 }],
    shadows: [],
  })),
  defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 50 }, { route: "b", weight: 50 }], shadows: [] },
});

describe("draftStatus", () => {
  it("counts routes and rules and carries the description and settings", () => {
    expect(draftStatus(base, base)).toEqual({ description: "the router", undeployedChanges: false, routes: 2, rules: 2, settings: base.settings });
    const { description: _d, ...undescribed } = base;
    expect(draftStatus(undescribed, null).description).toBe("");
  });

  it("says the draft has undeployed changes when nothing is deployed or the draft differs from the active version", () => {
    expect(draftStatus(base, null).undeployedChanges).toBe(true);
    const moved = rulesInOrder(base, ["two", "one"]);
    expect(draftStatus(moved, base).undeployedChanges).toBe(true);
    // Moved back: the same as what is deployed again.
    expect(draftStatus(rulesInOrder(moved, ["one", "two"]), base).undeployedChanges).toBe(false);
  });

  it("ignores the slot tables a deployed sticky rule carries", () => {
    const deployed = { ...base, defaultRule: { ...base.defaultRule!, slots: "AAAA" } };
    expect(draftStatus(base, deployed).undeployedChanges).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { routerDocumentSchema, type RouterDocumentInput } from "@/lib/router/document";
import { planUndeploy } from "./undeploy";

const doc = (over: Partial<RouterDocumentInput> = {}) =>
  routerDocumentSchema.parse({
    name: "r",
    routes: ["a", "b", "c"].map((n) => ({ name: n, url: `http://127.0.0.1:9000/${n}` })),
    rules: [
      { name: "only-c", conditions: [{ source: "header", key: "x", operator: "in", values: ["1"] }], strategy: "random", split: [{ route: "c", weight: 100 }], shadows: [] },
      { name: "sticky", conditions: [{ source: "header", key: "x", operator: "in", values: ["2"] }], strategy: "sticky", split: [{ route: "a", weight: 50 }, { route: "b", weight: 30 }, { route: "c", weight: 20 }], shadows: [] },
    ],
    defaultRule: { strategy: "random", split: [{ route: "a", weight: 70 }, { route: "b", weight: 20 }, { route: "c", weight: 10 }], shadows: [{ route: "c", percent: 10 }, { route: "b", percent: 5 }] },
    ...over,
  });

describe("planUndeploy", () => {
  it("redistributes proportionally, removes shadows and the route, and needs a replacement for sole-route rules", () => {
    expect(() => planUndeploy(doc(), "c", { mode: "proportional" })).toThrow(/replacement/);
    const plan = planUndeploy(doc(), "c", { mode: "proportional", replacement: "b" });
    expect(plan.document.routes.map((r) => r.name)).toEqual(["a", "b"]);
    expect(plan.document.rules[0]!.split).toEqual([{ route: "b", weight: 100 }]);
    expect(plan.document.rules[1]!.split).toEqual([{ route: "a", weight: 62.5 }, { route: "b", weight: 37.5 }]);
    expect(plan.document.defaultRule!.split).toEqual([{ route: "a", weight: 77.78 }, { route: "b", weight: 22.22 }]);
    expect(plan.document.defaultRule!.shadows).toEqual([{ route: "b", percent: 5 }]);
    expect(plan.rules.map((r) => r.rule)).toEqual(["only-c", "sticky", "default"]);
    // Only the removed route's keys move on a sticky rule.
    expect(plan.rules[1]!.stickyMoved).toBeCloseTo(0.2, 10);
    expect(plan.rules[0]!.replaced).toBe(true);
  });

  it("redistributes evenly with exact hundredths", () => {
    const plan = planUndeploy(doc({ rules: [] }), "a", { mode: "even" });
    expect(plan.document.defaultRule!.split).toEqual([{ route: "b", weight: 55 }, { route: "c", weight: 45 }]);
    const thirds = planUndeploy(
      routerDocumentSchema.parse({ ...doc({ rules: [] }), routes: ["a", "b", "c", "d"].map((n) => ({ name: n, url: "http://127.0.0.1:1" })), defaultRule: { strategy: "random", split: [{ route: "a", weight: 1 }, { route: "b", weight: 33 }, { route: "c", weight: 33 }, { route: "d", weight: 33 }], shadows: [] } }),
      "a",
      { mode: "even" },
    );
    const weights = thirds.document.defaultRule!.split.map((s) => s.weight);
    expect(weights).toEqual([33.34, 33.33, 33.33]);
  });

  it("takes manual weights per rule and refuses sums other than 100 with the field path", () => {
    const ok = planUndeploy(doc({ rules: [] }), "c", { mode: "manual", weights: { default: { a: 60, b: 40 } } });
    expect(ok.document.defaultRule!.split).toEqual([{ route: "a", weight: 60 }, { route: "b", weight: 40 }]);
    const error = (() => {
      try {
        planUndeploy(doc({ rules: [] }), "c", { mode: "manual", weights: { default: { a: 60, b: 30 } } });
      } catch (e) {
        return e as { status: number; details: unknown };
      }
    })();
    expect(error?.status).toBe(422);
    expect(error?.details).toEqual({ issues: [{ path: "weights.default", message: "the weights of rule 'default' add up to 90, not 100" }] });
  });

  it("leaves rules that do not use the route untouched", () => {
    const plan = planUndeploy(doc(), "a", { mode: "proportional" });
    expect(plan.document.rules[0]).toEqual(doc().rules[0]);
  });
});

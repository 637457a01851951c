import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { routerDocumentSchema, type RouterDocumentInput } from "@/lib/router/document";
import { reorderRules, routeUses, rulesInOrder, rulesUsingRoute, usedAudiences, withUsedAudiences } from "./edits";

type RuleInput = NonNullable<RouterDocumentInput["rules"]>[number];

const rule = (name: string, split: [string, number][], extra: Partial<RuleInput> = {}) => ({
  name,
  conditions: [{ source: "header" as const, key: "x", operator: "in" as const, values: [name] }],
  strategy: "random" as const,
  split: split.map(([route, weight]) => ({ route, weight })),
  shadows: [],
  ...extra,
});

const doc = (over: Partial<RouterDocumentInput> = {}) =>
  routerDocumentSchema.parse({
    name: "r",
    routes: ["a", "b", "c"].map((n) => ({ name: n, url: `http://127.0.0.1:9000/${n}` })),
    audiences: [
      { name: "beta", conditions: [{ source: "header", key: "beta", operator: "in", values: ["1"] }] },
      { name: "eu", conditions: [{ source: "header", key: "region", operator: "in", values: ["eu"] }] },
    ],
    rules: [
      rule("only-c", [["c", 100]], { audience: "beta" }),
      rule("ab", [["a", 60], ["b", 40]], { shadows: [{ route: "c", percent: 10 }] }),
      rule("a-only", [["a", 100]]),
    ],
    defaultRule: { strategy: "random", split: [{ route: "a", weight: 70 }, { route: "c", weight: 30 }], shadows: [] },
    ...over,
  });

describe("routeUses", () => {
  it("lists every rule using a route, in priority order and the default rule last, with how it uses it", () => {
    expect(routeUses(doc(), "c").map(({ body: _b, ...u }) => u)).toEqual([
      { rule: "only-c", inSplit: true, weight: 100, shadowPercent: null, only: true },
      { rule: "ab", inSplit: false, weight: 0, shadowPercent: 10, only: false },
      { rule: "default", inSplit: true, weight: 30, shadowPercent: null, only: false },
    ]);
    expect(rulesUsingRoute(doc(), "c")).toEqual(["only-c", "ab", "default"]);
    expect(rulesUsingRoute(doc(), "b")).toEqual(["ab"]);
    expect(routeUses(doc({ defaultRule: undefined }), "a").map((u) => u.rule)).toEqual(["ab", "a-only"]);
  });
});

describe("rulesInOrder", () => {
  it("applies an order naming every rule exactly as reorderRules does", () => {
    const names = ["a-only", "only-c", "ab"];
    expect(rulesInOrder(doc(), names).rules.map((r) => r.name)).toEqual(names);
    expect(reorderRules(doc(), names)).toEqual(rulesInOrder(doc(), names));
  });

  it("skips unknown and repeated names and keeps the rules the order leaves out after it, in their order", () => {
    const moved = rulesInOrder(doc(), ["ab", "gone", "ab"]);
    expect(moved.rules.map((r) => r.name)).toEqual(["ab", "only-c", "a-only"]);
    expect(() => reorderRules(doc(), ["ab", "gone", "ab"])).toThrow();
  });

  it("always keeps every rule once (fast-check)", () => {
    const d = doc();
    fc.assert(
      fc.property(fc.array(fc.constantFrom("only-c", "ab", "a-only", "other"), { maxLength: 6 }), (order) => {
        const names = rulesInOrder(d, order).rules.map((r) => r.name);
        expect([...names].sort()).toEqual(["a-only", "ab", "only-c"]);
      }),
    );
  });
});

describe("withUsedAudiences", () => {
  it("keeps only the audiences a rule names, as a stored draft does", () => {
    expect(usedAudiences(doc()).map((a) => a.name)).toEqual(["beta"]);
    const d = doc({ audiences: [{ name: "beta", conditions: [{ source: "header", key: "beta", operator: "in", values: ["1"] }] }] });
    expect(withUsedAudiences(d)).toBe(d);
    const dropped = withUsedAudiences({ ...d, rules: d.rules.filter((r) => r.name !== "only-c") });
    expect(dropped.audiences).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { routerDocumentSchema } from "@/lib/router/document";
import { diffDocuments } from "./diff";

const base = routerDocumentSchema.parse({
  name: "r",
  routes: [{ name: "a", url: "http://127.0.0.1:1" }, { name: "b", url: "http://127.0.0.1:2" }],
  rules: [
    { name: "one", conditions: [{ source: "header", key: "x", operator: "in", values: ["1"] }], strategy: "sticky", split: [{ route: "a", weight: 100 }], shadows: [], slots: "a:10000" },
    { name: "two", conditions: [{ source: "header", key: "x", operator: "in", values: ["2"] }], strategy: "random", split: [{ route: "b", weight: 100 }], shadows: [] },
  ],
  defaultRule: { strategy: "random", split: [{ route: "a", weight: 90 }, { route: "b", weight: 10 }], shadows: [] },
});

describe("diffDocuments", () => {
  it("finds nothing between a document and itself, slot tables aside", () => {
    const d = diffDocuments(base, { ...base, rules: base.rules.map((r) => ({ ...r, slots: undefined })) });
    expect(d.identical).toBe(true);
  });

  it("reports a shadow's comparison and the disagreements kept, and a version stored before them reads as unchanged", () => {
    const compared = routerDocumentSchema.parse({
      ...base,
      settings: { ...base.settings, keepDisagreements: 10 },
      rules: [{ ...base.rules[0]!, shadows: [{ route: "b", percent: 5, compare: { mode: "json", ignore: ["id"] } }] }, base.rules[1]!],
    });
    const withShadow = routerDocumentSchema.parse({ ...base, rules: [{ ...base.rules[0]!, shadows: [{ route: "b", percent: 5 }] }, base.rules[1]!] });
    const d = diffDocuments(withShadow, compared);
    expect(d.identical).toBe(false);
    expect(d.settings).toEqual([{ field: "keepDisagreements", from: 0, to: 10 }]);
    expect(d.rules.changed.map((c) => [c.name, c.to.shadows[0]!.compare])).toEqual([["one", { mode: "json", ignore: ["id"] }]]);
    // A document frozen before comparisons existed has neither field: it reads as the defaults.
    const old = JSON.parse(JSON.stringify(withShadow)) as { settings: Record<string, unknown> };
    delete old.settings.keepDisagreements;
    expect(diffDocuments(routerDocumentSchema.parse(old), withShadow).identical).toBe(true);
  });

  it("reports settings, routes, rule changes, moves and the default rule", () => {
    const to = routerDocumentSchema.parse({
      ...base,
      settings: { ...base.settings, strict: true },
      routes: [...base.routes, { name: "c", url: "http://127.0.0.1:3" }],
      rules: [{ ...base.rules[1]!, split: [{ route: "c", weight: 100 }] }, base.rules[0]!],
      defaultRule: { ...base.defaultRule!, split: [{ route: "a", weight: 80 }, { route: "b", weight: 20 }] },
    });
    const d = diffDocuments(base, to);
    expect(d.identical).toBe(false);
    expect(d.settings).toEqual([{ field: "strict", from: false, to: true }]);
    expect(d.routes.added.map((r) => r.name)).toEqual(["c"]);
    expect(d.rules.changed.map((c) => c.name)).toEqual(["two"]);
    expect(d.rules.moved).toEqual([{ name: "two", from: 1, to: 0 }, { name: "one", from: 0, to: 1 }]);
    expect(d.defaultRule?.to?.split[0]?.weight).toBe(80);
  });
});

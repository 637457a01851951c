import { describe, expect, it } from "vitest";
import { canonicalTable, encodeSlots, rebalance } from "@/lib/engine";
import { routerDocumentSchema, type RouterDocument } from "@/lib/router/document";
import { stickyImpact } from "./sticky-impact";

function active(rule: { strategy: "random" | "sticky"; split: { route: string; weight: number }[]; slots?: string }): RouterDocument {
  return routerDocumentSchema.parse({
    name: "r",
    routes: [
      { name: "a", url: "http://127.0.0.1:1" },
      { name: "b", url: "http://127.0.0.1:2" },
      { name: "c", url: "http://127.0.0.1:3" },
    ],
    rules: [{ name: "canary", conditions: [], ...rule }],
    defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 90 }, { route: "b", weight: 10 }] },
  });
}

describe("stickyImpact", () => {
  it("moving a canary from 10 % to 20 % moves exactly 10 % of keys", () => {
    const doc = active({ strategy: "sticky", split: [{ route: "a", weight: 90 }, { route: "b", weight: 10 }] });
    expect(stickyImpact(doc, "canary", { strategy: "sticky", split: [{ route: "a", weight: 80 }, { route: "b", weight: 20 }] })).toEqual({ kind: "moves", share: 0.1 });
    expect(stickyImpact(doc, null, { strategy: "sticky", split: [{ route: "a", weight: 85 }, { route: "b", weight: 15 }] })).toEqual({ kind: "moves", share: 0.05 });
  });

  it("starts from the deployed slot table, not the canonical one", () => {
    const table = rebalance(canonicalTable([{ route: "a", weight: 50 }, { route: "b", weight: 50 }]), [
      { route: "a", weight: 40 },
      { route: "b", weight: 30 },
      { route: "c", weight: 30 },
    ]);
    const doc = active({ strategy: "sticky", split: [{ route: "a", weight: 40 }, { route: "b", weight: 30 }, { route: "c", weight: 30 }], slots: encodeSlots(table) });
    const result = stickyImpact(doc, "canary", { strategy: "sticky", split: [{ route: "a", weight: 40 }, { route: "b", weight: 40 }, { route: "c", weight: 20 }] });
    expect(result).toEqual({ kind: "moves", share: 0.1 });
  });

  it("names the cases with nothing to compare", () => {
    const random = active({ strategy: "random", split: [{ route: "a", weight: 100 }] });
    const sticky = active({ strategy: "sticky", split: [{ route: "a", weight: 100 }] });
    const next = { strategy: "sticky" as const, split: [{ route: "a", weight: 100 }] };
    expect(stickyImpact(null, "canary", next)).toEqual({ kind: "not-deployed" });
    expect(stickyImpact(random, "canary", next)).toEqual({ kind: "new-sticky" });
    expect(stickyImpact(sticky, "renamed", next)).toEqual({ kind: "new-sticky" });
    expect(stickyImpact(sticky, "canary", { ...next, strategy: "random" })).toEqual({ kind: "stops-sticky" });
    expect(stickyImpact(random, "canary", { ...next, strategy: "random" })).toEqual({ kind: "not-sticky" });
    expect(stickyImpact(sticky, "canary", { strategy: "sticky", split: [{ route: "a", weight: 0 }] })).toEqual({ kind: "invalid" });
    expect(stickyImpact(sticky, "canary", next)).toEqual({ kind: "moves", share: 0 });
  });
});

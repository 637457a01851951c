import { describe, expect, it } from "vitest";
import { analyze } from "@/lib/analysis";
import { routerDocumentSchema, type RouterDocument } from "@/lib/router/document";
import { diffFindings, indexFindings, moveItem } from "./findings-index";

const country = (values: string[]) => ({ source: "header" as const, key: "x-country", operator: "in" as const, values });

function doc(rules: [string, string[]][]): RouterDocument {
  return routerDocumentSchema.parse({
    name: "r",
    routes: [{ name: "a", url: "http://127.0.0.1:1" }],
    rules: rules.map(([name, values]) => ({ name, conditions: [country(values)], strategy: "random", split: [{ route: "a", weight: 100 }] })),
    defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }] },
  });
}

describe("indexFindings", () => {
  it("puts an overlap on both cards", () => {
    const d = doc([
      ["narrow", ["fr"]],
      ["broad", ["fr", "de"]],
    ]);
    const index = indexFindings(analyze(d), ["narrow", "broad"]);
    expect(index.byRule.get("narrow")?.overlaps.map((o) => o.other)).toEqual(["broad"]);
    expect(index.byRule.get("broad")?.overlaps.map((o) => o.other)).toEqual(["narrow"]);
    expect(index.byRule.get("broad")?.unreachable).toBeNull();
  });

  it("shows a rule hidden by an earlier one as unreachable, not also as overlapping it", () => {
    const d = doc([
      ["broad", ["fr", "de"]],
      ["narrow", ["fr"]],
    ]);
    const findings = analyze(d);
    expect(findings.some((f) => f.code === "overlap")).toBe(true);
    const index = indexFindings(findings, ["broad", "narrow"]);
    expect(index.byRule.get("narrow")?.unreachable?.rules).toEqual(["narrow", "broad"]);
    expect(index.byRule.get("narrow")?.overlaps ?? []).toEqual([]);
    expect(index.byRule.get("broad")?.overlaps ?? []).toEqual([]);
    expect(index.errors).toBe(1);
  });

  it("files findings without rule names under the rule their path names, in the given order", () => {
    const d = doc([["x", ["fr"]]]);
    const broken = { ...d, rules: [{ ...d.rules[0]!, split: [{ route: "a", weight: 60 }] }] };
    const index = indexFindings(analyze(broken), ["x"]);
    expect(index.byRule.get("x")?.errors.map((f) => f.code)).toContain("weights_sum");
  });
});

describe("diffFindings", () => {
  it("names what a move adds and resolves, whatever the paths and wording", () => {
    const d = doc([
      ["broad", ["fr", "de"]],
      ["narrow", ["fr"]],
      ["us", ["us"]],
    ]);
    const before = analyze(d);
    const order = moveItem(["broad", "narrow", "us"], 1, 0);
    const byName = new Map(d.rules.map((r) => [r.name, r]));
    const after = analyze({ ...d, rules: order.map((n) => byName.get(n)!) });
    const { added, resolved } = diffFindings(before, after);
    expect(added).toEqual([]);
    expect(resolved.map((f) => f.code)).toEqual(["unreachable_rule"]);
    expect(diffFindings(after, after)).toEqual({ added: [], resolved: [] });
  });

  it("moveItem moves one entry", () => {
    expect(moveItem(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
  });
});

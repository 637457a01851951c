import { describe, expect, it } from "vitest";
import { routerDocumentSchema } from "../router/document";
import { analyze } from "./index";
import { header, payload, routerDoc, rule } from "./test-fixtures";

const codes = (doc: Parameters<typeof analyze>[0]) => analyze(doc).map((f) => [f.code, f.path, f.severity]);

describe("structure checks", () => {
  it("a clean document has no findings", () => {
    expect(analyze(routerDoc([rule("eu", [header("x-region", "in", ["eu"])])]))).toEqual([]);
  });

  it("no_default_rule", () => {
    const doc = routerDocumentSchema.parse({ name: "r", routes: [{ name: "stable", url: "http://127.0.0.1:1" }], rules: [rule("a", [header("x", "present")])] });
    expect(codes(doc)).toEqual([["no_default_rule", "defaultRule", "error"]]);
  });

  it("weights_sum compares hundredths, so 33.33 + 33.33 + 33.34 is exactly 100", () => {
    const thirds = [
      { route: "stable", weight: 33.33 },
      { route: "canary", weight: 33.33 },
      { route: "stable", weight: 33.34 },
    ];
    const ok = routerDoc([rule("a", [header("x", "present")], { split: [{ route: "stable", weight: 0.1 }, { route: "canary", weight: 99.9 }] })]);
    expect(analyze(ok)).toEqual([]);
    const doc = routerDoc([rule("a", [header("x", "present")], { split: thirds.slice(0, 2) })], {
      defaultRule: { strategy: "random", split: [{ route: "stable", weight: 99.5 }], shadows: [] },
    });
    const findings = analyze(doc);
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ["weights_sum", "rules.0.split"],
      ["weights_sum", "defaultRule.split"],
    ]);
    expect(findings[0]!.message).toContain("66.66 %");
    expect(findings[1]!.message).toContain("99.5 %");
    expect(codes(routerDoc([rule("a", [header("x", "present")], { split: thirds })])).map((c) => c[0])).toEqual(["duplicate_name"]);
  });

  it("unknown_route in splits and shadows", () => {
    const doc = routerDoc([rule("a", [header("x", "present")], { split: [{ route: "ghost", weight: 100 }], shadows: [{ route: "phantom", percent: 5 }] })]);
    expect(codes(doc)).toEqual([
      ["unknown_route", "rules.0.split.0", "error"],
      ["unknown_route", "rules.0.shadows.0", "error"],
    ]);
  });

  it("invalid_compare names the spec's field, for rules and the default rule; a valid spec is clean", () => {
    const fields = { mode: "fields" as const, fields: [{ path: "label" }, { path: "score", tolerance: { absolute: -0.01 } }, { path: "top", topK: 0 }, { path: "a..b" }] };
    const doc = routerDoc([rule("a", [header("x", "present")]), rule("b", [header("y", "present")], { shadows: [{ route: "canary", percent: 5, compare: fields }] })], {
      defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [{ route: "canary", percent: 10, compare: { mode: "json", ignore: ["meta..id"] } }] },
    });
    const findings = analyze(doc).filter((f) => f.code === "invalid_compare");
    expect(findings.map((f) => [f.path, f.severity, f.rules])).toEqual([
      ["rules.1.shadows.0.compare.fields.1.tolerance", "error", ["b"]],
      ["rules.1.shadows.0.compare.fields.2.topK", "error", ["b"]],
      ["rules.1.shadows.0.compare.fields.3.path", "error", ["b"]],
      ["defaultRule.shadows.0.compare.ignore.0", "error", undefined],
    ]);
    expect(findings[0]!.message).toBe('Rule "b" compares its shadow "canary" with the primary in a way the gateway cannot use: the absolute tolerance must not be negative.');
    const valid = routerDoc([rule("a", [header("x", "present")], { shadows: [{ route: "canary", percent: 5, compare: { mode: "fields", fields: [{ path: "top", topK: 3, by: "label" }] } }] })]);
    expect(analyze(valid)).toEqual([]);
  });

  it("unknown_audience", () => {
    const doc = routerDoc([rule("a", [], { audience: "nobody" })]);
    const [f] = analyze(doc);
    expect(f).toMatchObject({ code: "unknown_audience", path: "rules.0.audience", severity: "error", rules: ["a"] });
    expect(f!.message).toContain("never matches");
  });

  it("dangling_route is a warning, an error in strict mode", () => {
    const rules = [rule("a", [header("x", "present")])];
    const defaultRule = { strategy: "random" as const, split: [{ route: "stable", weight: 100 }], shadows: [] };
    expect(codes(routerDoc(rules, { defaultRule }))).toEqual([["dangling_route", "routes.1", "warning"]]);
    expect(codes(routerDoc(rules, { defaultRule, settings: { strict: true } }))).toEqual([["dangling_route", "routes.1", "error"]]);
    // A shadow counts as a use.
    expect(codes(routerDoc(rules, { defaultRule: { ...defaultRule, shadows: [{ route: "canary", percent: 10 }] } }))).toEqual([]);
  });

  it("duplicate_name for routes, rules and audiences", () => {
    const doc = routerDoc([rule("a", [header("x", "in", ["1"])]), rule("a", [header("x", "in", ["2"])])], {
      routes: [
        { name: "stable", url: "http://127.0.0.1:1" },
        { name: "canary", url: "http://127.0.0.1:2" },
        { name: "stable", url: "http://127.0.0.1:3" },
      ],
      audiences: [
        { name: "aud", conditions: [header("y", "present")] },
        { name: "aud", conditions: [header("z", "present")] },
      ],
    });
    expect(codes(doc)).toEqual([
      ["duplicate_name", "routes.2", "error"],
      ["duplicate_name", "rules.1", "error"],
      ["duplicate_name", "audiences.1", "error"],
    ]);
  });

  it("a rule named like the default rule", () => {
    expect(codes(routerDoc([rule("default", [header("x", "present")])]))).toEqual([["duplicate_name", "rules.0", "warning"]]);
  });

  it("invalid_regex in rules and audiences", () => {
    const doc = routerDoc([rule("a", [header("x", "regex", ["ok.*", "(unclosed"]), payload("y", "regex", ["\\8"])], { audience: "aud" })], {
      audiences: [{ name: "aud", conditions: [header("z", "regex", ["a{2,1}"])] }],
    });
    const findings = analyze(doc);
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ["invalid_regex", "audiences.0.conditions.0.values.0"],
      ["invalid_regex", "rules.0.conditions.0.values.1"],
      ["invalid_regex", "rules.0.conditions.1.values.0"],
      // Its audience's only pattern is invalid: the rule can never match.
      ["unreachable_rule", "rules.0"],
    ]);
    expect(findings[1]!.message).toContain("ignores this pattern");
    expect(findings[2]!.message).toContain("can never hold");
  });

  it("shadows that never fire, and duplicate shadows", () => {
    const doc = routerDoc([
      rule("a", [header("x", "present")], {
        shadows: [
          { route: "canary", percent: 0 },
          { route: "canary", percent: 10 },
          { route: "stable", percent: 10 },
        ],
      }),
    ]);
    expect(codes(doc)).toEqual([
      ["shadow_unused", "rules.0.shadows.0", "warning"],
      ["duplicate_name", "rules.0.shadows.1", "warning"],
      ["shadow_self", "rules.0.shadows.2", "warning"],
    ]);
  });

  it("empty_rule: no conditions and no audience", () => {
    const doc = routerDoc([rule("all", []), rule("eu", [header("x-region", "in", ["eu"])])]);
    const findings = analyze(doc);
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ["empty_rule", "rules.0"],
      ["unreachable_rule", "rules.1"],
      ["overlap", "rules.1"],
    ]);
    expect(findings[0]!.message).toContain("matches every request");
  });
});

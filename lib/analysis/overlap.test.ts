import { describe, expect, it } from "vitest";
import { matchConditions } from "../engine";
import { analyze } from "./index";
import { byCode, decidingRule, expectWitnessesMatch, header, overlapPairs, payload, query, resolvedConditions, routerDoc, rule } from "./test-fixtures";

const geo = (name: string, countries: string[], areas: string[]) =>
  rule(name, [payload("country_code", "in", countries), payload("geo_area", "in", areas)]);

describe("Turing's orthogonality examples", () => {
  it("rule 2 overlaps rules 1, 3 and 4, and hides 3 and 4", () => {
    const doc = routerDoc([geo("rule-1", ["ID"], ["1"]), geo("rule-2", ["ID", "SG"], ["1", "2", "3"]), geo("rule-3", ["SG"], ["1"]), geo("rule-4", ["ID"], ["2"])]);
    const findings = analyze(doc);
    expect(overlapPairs(findings).sort()).toEqual(["rule-1+rule-2", "rule-2+rule-3", "rule-2+rule-4"]);
    expectWitnessesMatch(doc, findings);
    const unreachable = byCode(findings, "unreachable_rule");
    expect(unreachable.map((f) => f.rules)).toEqual([
      ["rule-3", "rule-2"],
      ["rule-4", "rule-2"],
    ]);
    for (const f of unreachable) expect(decidingRule(doc, f.witness!)).toBe("rule-2");
    expect(findings.every((f) => f.code !== "overlap" || f.severity === "warning")).toBe(true);
  });

  it("rules on exclusive country codes do not overlap", () => {
    const doc = routerDoc([geo("rule-1", ["ID"], ["1"]), geo("rule-2", ["SG"], ["1"])], { settings: { strict: true } });
    expect(analyze(doc)).toEqual([]);
  });
});

describe("what Turing's own check gets wrong", () => {
  it("A{x=1}, B{x=2}, C{x=1}: A and C overlap, C is unreachable", () => {
    const doc = routerDoc([rule("a", [payload("x", "in", ["1"])]), rule("b", [payload("x", "in", ["2"])]), rule("c", [payload("x", "in", ["1"])])]);
    const findings = analyze(doc);
    expect(overlapPairs(findings)).toEqual(["a+c"]);
    expectWitnessesMatch(doc, findings);
    expect(byCode(findings, "unreachable_rule").map((f) => f.rules)).toEqual([["c", "a"]]);
  });

  it("rules on different keys overlap, with a witness carrying both", () => {
    const doc = routerDoc([rule("by-region", [header("x-region", "in", ["eu"])]), rule("by-tier", [payload("user.tier", "in", ["gold"])])]);
    const [finding, ...rest] = analyze(doc);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: "overlap", rules: ["by-region", "by-tier"], severity: "warning" });
    expect(finding!.witness).toEqual({ headers: { "x-region": "eu" }, body: { user: { tier: "gold" } } });
    expect(finding!.message).toContain('header x-region = "eu"');
    expect(decidingRule(doc, finding!.witness!)).toBe("by-region");
  });

  it("header x and payload x are different fields", () => {
    const doc = routerDoc([rule("h", [header("x", "in", ["1"])]), rule("p", [payload("x", "in", ["2"])])]);
    const findings = analyze(doc);
    expect(overlapPairs(findings)).toEqual(["h+p"]);
    expectWitnessesMatch(doc, findings);
  });
});

describe("fields", () => {
  it("header names are case-insensitive, values are not", () => {
    const same = routerDoc([rule("a", [header("X-Region", "in", ["eu"])]), rule("b", [header("x-region", "in", ["EU"])])]);
    expect(overlapPairs(analyze(same))).toEqual([]);
    const overlapping = routerDoc([rule("a", [header("X-Region", "in", ["eu"])]), rule("b", [header("x-region", "in", ["eu", "us"])])]);
    expect(overlapPairs(analyze(overlapping))).toEqual(["a+b"]);
  });

  it("query parameters are fields of their own", () => {
    const doc = routerDoc([rule("a", [query("v", "in", ["1"])]), rule("b", [query("v", "in", ["2"])]), rule("c", [query("w", "present")])]);
    const findings = analyze(doc);
    expect(overlapPairs(findings).sort()).toEqual(["a+c", "b+c"]);
    expectWitnessesMatch(doc, findings);
  });

  it("a scalar payload field has no children; its presence is implied by them", () => {
    const scalar = routerDoc([rule("a", [payload("user", "in", ["bob"])]), rule("b", [payload("user.id", "present")])]);
    expect(overlapPairs(analyze(scalar))).toEqual([]);
    const present = routerDoc([rule("a", [payload("user", "present")]), rule("b", [payload("user.id", "in", ["7"])])]);
    const findings = analyze(present);
    expect(overlapPairs(findings)).toEqual(["a+b"]);
    expectWitnessesMatch(present, findings);
    expect(findings[0]!.witness).toEqual({ body: { user: { id: "7" } } });
  });

  it("array-only and object-only segments cannot meet; 0 and [0] are one element of an array", () => {
    const conflict = routerDoc([rule("a", [payload("items.[0]", "present")]), rule("b", [payload("items.name", "present")])]);
    expect(overlapPairs(analyze(conflict))).toEqual([]);
    const alias = routerDoc([rule("a", [payload("s.[0].id", "in", ["1"])]), rule("b", [payload("s.0.id", "in", ["2"])])]);
    expect(overlapPairs(analyze(alias))).toEqual([]);
    const sameElement = routerDoc([rule("a", [payload("s.[0].id", "in", ["1"])]), rule("b", [payload("s.0.id", "in", ["1", "2"])])]);
    const findings = analyze(sameElement);
    expect(overlapPairs(findings)).toEqual(["a+b"]);
    expectWitnessesMatch(sameElement, findings);
    expect(findings[0]!.witness).toEqual({ body: { s: [{ id: "1" }] } });
    // As object keys, `0` and `1` live side by side.
    const keys = routerDoc([rule("a", [payload("m.0", "in", ["x"])]), rule("b", [payload("m.1", "in", ["y"])])]);
    const keyFindings = analyze(keys);
    expect(overlapPairs(keyFindings)).toEqual(["a+b"]);
    expectWitnessesMatch(keys, keyFindings);
  });

  it("a payload number reads as its JSON text", () => {
    const doc = routerDoc([rule("a", [payload("n", "in", ["10"])]), rule("b", [payload("n", "range", [5, 20])])]);
    const findings = analyze(doc);
    expect(overlapPairs(findings)).toEqual(["a+b"]);
    expectWitnessesMatch(doc, findings);
  });
});

describe("operators", () => {
  const pair = (a: Parameters<typeof rule>[1], b: Parameters<typeof rule>[1]) => {
    const doc = routerDoc([rule("a", a), rule("b", b)]);
    const findings = analyze(doc);
    expectWitnessesMatch(doc, findings);
    const overlap = findings.find((f) => f.code === "overlap");
    return { overlap, findings, doc };
  };

  it.each([
    ["prefix vs prefix", [header("p", "prefix", ["ab"])], [header("p", "prefix", ["a"])], true],
    ["prefix vs other prefix", [header("p", "prefix", ["ab"])], [header("p", "prefix", ["ac"])], false],
    ["prefix vs suffix", [header("p", "prefix", ["ab"])], [header("p", "suffix", ["yz"])], true],
    ["prefix vs in", [header("p", "prefix", ["ab"])], [header("p", "in", ["xab", "b"])], false],
    ["prefix vs contains", [header("p", "prefix", ["ab"])], [header("p", "contains", ["zz"])], true],
    ["suffix vs in", [header("p", "suffix", [".com"])], [header("p", "in", ["a.org", "b.com"])], true],
    ["contains vs regex", [header("p", "contains", ["beta"])], [header("p", "regex", ["[a-z]+"])], true],
    ["contains vs digits", [header("p", "contains", ["beta"])], [header("p", "regex", ["\\d+"])], false],
    ["regex vs regex", [header("p", "regex", ["v1\\..*"])], [header("p", "regex", ["v[0-9]+\\.0"])], true],
    ["regex vs disjoint regex", [header("p", "regex", ["(?i)alpha-.*"])], [header("p", "regex", ["beta-.*"])], false],
    ["regex alternatives", [header("p", "regex", ["a+", "b+"])], [header("p", "prefix", ["bb"])], true],
    ["range vs range", [payload("n", "range", [0, 10])], [payload("n", "range", [10, 20])], true],
    ["range vs apart range", [payload("n", "range", [0, 9.5])], [payload("n", "range", [10, 20])], false],
    ["range vs prefix", [payload("n", "range", [100, 199])], [payload("n", "prefix", ["15"])], true],
    ["range vs letters", [payload("n", "range", [0, 100])], [payload("n", "prefix", ["a"])], false],
    ["range vs suffix", [payload("n", "range", [1, 5])], [payload("n", "suffix", ["0"])], true],
    ["range vs regex", [payload("n", "range", [10, 20])], [payload("n", "regex", ["[3-9]"])], false],
    ["range vs regex with decimals", [payload("n", "range", [10, 20])], [payload("n", "regex", ["1[0-9]\\.5"])], true],
    ["range vs in", [payload("n", "range", [1, 2])], [payload("n", "in", ["1.5", "3"])], true],
    ["present vs in", [payload("n", "present")], [payload("n", "in", ["x"])], true],
    ["invalid regex never matches", [payload("n", "present")], [payload("n", "regex", ["("])], false],
  ] as const)("%s → overlap %s", (_, a, b, expected) => {
    const { overlap } = pair([...a], [...b]);
    expect(overlap !== undefined, JSON.stringify(overlap)).toBe(expected);
    if (overlap) expect(overlap.uncertain).toBeUndefined();
  });

  it("range witnesses are JSON numbers in the payload", () => {
    const { overlap } = pair([payload("n", "range", [10, 20])], [payload("n", "range", [15, 30])]);
    expect(typeof (overlap!.witness!.body as { n: unknown }).n).toBe("number");
  });

  it("conditions of one rule on one field intersect", () => {
    const { overlap } = pair([header("p", "prefix", ["a"]), header("p", "suffix", ["z"])], [header("p", "in", ["az", "a"])]);
    expect(overlap?.witness).toEqual({ headers: { p: "az" } });
  });
});

describe("audiences", () => {
  it("a rule's audience conditions count with its own", () => {
    const doc = routerDoc([rule("ny", [payload("age", "range", [10, 30])], { audience: "new-york" }), rule("la", [payload("metadata.location", "in", ["los-angeles"])])], {
      audiences: [{ name: "new-york", conditions: [payload("metadata.location", "in", ["new-york"])] }],
    });
    expect(overlapPairs(analyze(doc))).toEqual([]);
    const tiers = routerDoc([rule("ny", [], { audience: "new-york" }), rule("young", [payload("age", "range", [0, 20])])], {
      audiences: [{ name: "new-york", conditions: [payload("metadata.location", "in", ["new-york"])] }],
    });
    const findings = analyze(tiers);
    expect(overlapPairs(findings)).toEqual(["ny+young"]);
    expect(matchConditions(resolvedConditions(tiers, "ny"), findings[0]!.witness!)).toBe(true);
  });

  it("a rule whose audience does not exist matches nothing and overlaps nothing", () => {
    const doc = routerDoc([rule("ghost", [], { audience: "nobody" }), rule("b", [header("x", "present")])]);
    const findings = analyze(doc);
    expect(findings.map((f) => f.code)).toEqual(["unknown_audience"]);
  });
});

describe("strict mode", () => {
  it("turns overlaps into errors", () => {
    const rules = [rule("a", [header("x", "prefix", ["a"])]), rule("b", [header("x", "suffix", ["b"])])];
    expect(analyze(routerDoc(rules)).map((f) => f.severity)).toEqual(["warning"]);
    const strict = analyze(routerDoc(rules, { settings: { strict: true } }));
    expect(strict.map((f) => [f.code, f.severity])).toEqual([["overlap", "error"]]);
    expect(strict[0]!.message).toContain("strict");
  });
});

describe("reporting", () => {
  it("lists at most maxOverlapsPerRule overlaps per rule and counts the rest", () => {
    const rules = Array.from({ length: 8 }, (_, i) => rule(`r${i}`, [header(`h${i}`, "present")]));
    const doc = routerDoc(rules);
    const findings = analyze(doc, { maxOverlapsPerRule: 3 });
    const ofLast = findings.filter((f) => f.path === "rules.7");
    expect(ofLast).toHaveLength(4);
    expect(ofLast.slice(0, 3).map((f) => f.rules)).toEqual([
      ["r0", "r7"],
      ["r1", "r7"],
      ["r2", "r7"],
    ]);
    expect(ofLast[3]!.message).toContain("4 more earlier rules");
    expect(ofLast[3]!.rules).toEqual(["r7"]);
    expectWitnessesMatch(doc, findings);
  });

  it("says 'may overlap' when it cannot decide, even in strict mode", () => {
    // `\b` next to `.*` depends on text the automaton cannot see: the pattern stays opaque.
    // No text of b has a word boundary, so they are in fact disjoint, but that takes a proof
    // the analysis does not have: it must not claim either way.
    const rules = [rule("a", [header("x", "regex", [".*\\b.*"])]), rule("b", [header("x", "regex", ["[^A-Za-z0-9_]*"])])];
    const [f, ...rest] = analyze(routerDoc(rules, { settings: { strict: true } }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ code: "overlap", uncertain: true, severity: "warning", rules: ["a", "b"] });
    expect(f!.message).toContain("may overlap");
    expect(f!.witness).toBeUndefined();
    // The same opaque pattern against a finite list is decided by running re2js on each value.
    const decided = routerDoc([rules[0]!, rule("c", [header("x", "in", ["!!", "a b"])])]);
    const findings = analyze(decided);
    expect(findings.map((x) => [x.rules, x.uncertain])).toEqual([[["a", "c"], undefined]]);
    expectWitnessesMatch(decided, findings);
  });

  it("an automaton past the node limit is 'may overlap' too", () => {
    const doc = routerDoc([rule("a", [header("x", "regex", ["(a|b)*a(a|b){14}"])]), rule("b", [header("x", "regex", ["(a|b)*b(a|b){14}"])])]);
    // Time enough to reach the node limit even on a busy machine.
    const findings = analyze(doc, { budgetMs: 120_000 });
    expect(findings.map((f) => [f.code, f.uncertain])).toEqual([["overlap", true]]);
    expect(findings[0]!.message).toContain("automaton too large");
  });
});

import { describe, expect, it } from "vitest";
import { analyze } from "./index";
import { byCode, decidingRule, header, payload, query, routerDoc, rule } from "./test-fixtures";

const unreachable = (doc: Parameters<typeof analyze>[0]) => byCode(analyze(doc), "unreachable_rule").map((f) => f.rules);

describe("unreachable rules", () => {
  it("are covered by several earlier rules together, named in the finding", () => {
    const doc = routerDoc([rule("a", [payload("x", "in", ["1"])]), rule("b", [payload("x", "in", ["2"])]), rule("c", [payload("x", "in", ["1", "2"])])]);
    const [f, ...rest] = byCode(analyze(doc), "unreachable_rule");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "rules.2", rules: ["c", "a", "b"], severity: "error" });
    expect(f!.message).toContain('"a" and "b"');
    expect(["a", "b"]).toContain(decidingRule(doc, f!.witness!));
  });

  it("need every request covered, not most", () => {
    const doc = routerDoc([rule("a", [payload("x", "in", ["1"])]), rule("b", [payload("x", "in", ["2"])]), rule("c", [payload("x", "in", ["1", "2", "3"])])]);
    expect(unreachable(doc)).toEqual([]);
  });

  it("combine fields: each value of one field covered by a different rule", () => {
    const doc = routerDoc([
      rule("eu-gold", [header("region", "in", ["eu"]), header("tier", "in", ["gold", "silver"])]),
      rule("eu-rest", [header("tier", "in", ["bronze"]), header("region", "in", ["eu", "us"])]),
      rule("eu", [header("region", "in", ["eu"]), header("tier", "in", ["gold", "bronze"])]),
      rule("eu-any", [header("region", "in", ["eu"])]),
    ]);
    expect(unreachable(doc)).toEqual([["eu", "eu-gold", "eu-rest"]]);
  });

  it("an earlier rule on an extra field does not hide a later one", () => {
    const doc = routerDoc([rule("a", [header("x", "in", ["1"]), header("y", "present")]), rule("b", [header("x", "in", ["1"])])]);
    expect(unreachable(doc)).toEqual([]);
  });

  it("work across operators: ranges, prefixes, regexes", () => {
    const ranges = routerDoc([rule("low", [payload("n", "range", [0, 10])]), rule("high", [payload("n", "range", [10, 20])]), rule("mid", [payload("n", "range", [5, 15])])]);
    expect(unreachable(ranges)).toEqual([["mid", "low", "high"]]);
    const gap = routerDoc([rule("low", [payload("n", "range", [0, 9])]), rule("high", [payload("n", "range", [10, 20])]), rule("mid", [payload("n", "range", [5, 15])])]);
    expect(unreachable(gap)).toEqual([]); // 9.5
    const prefixes = routerDoc([rule("a", [query("v", "prefix", ["a"])]), rule("ab", [query("v", "prefix", ["ab"])])]);
    expect(unreachable(prefixes)).toEqual([["ab", "a"]]);
    const regexes = routerDoc([
      rule("digits", [query("v", "regex", ["[0-9]+"])]),
      rule("letters", [query("v", "regex", ["[a-z]+"])]),
      rule("mixed", [query("v", "regex", ["[a-c]{2}|[1-3]{2}"])]),
    ]);
    expect(unreachable(regexes)).toEqual([["mixed", "digits", "letters"]]);
  });

  it("include rules whose own conditions contradict each other", () => {
    const doc = routerDoc([rule("never", [header("x", "in", ["a"]), header("x", "in", ["b"])]), rule("nothing", [payload("a", "in", ["1"]), payload("a.b", "present")])]);
    const findings = byCode(analyze(doc), "unreachable_rule");
    expect(findings.map((f) => f.rules)).toEqual([["never"], ["nothing"]]);
    expect(findings[0]!.message).toContain("no request satisfies all its conditions");
  });

  it("follow a catch-all rule", () => {
    const doc = routerDoc([rule("x", [header("x", "present")]), rule("all", []), rule("y", [header("y", "present")])]);
    expect(unreachable(doc)).toEqual([["y", "all"]]);
  });

  it("see through payload structure: `a` present covers `a.b` present", () => {
    const doc = routerDoc([rule("a", [payload("a", "present")]), rule("ab", [payload("a.b", "in", ["1"])])]);
    expect(unreachable(doc)).toEqual([["ab", "a"]]);
  });

  it("see that `s.0` reads the element `s.[0]` reads", () => {
    const doc = routerDoc([rule("one", [payload("s.[0]", "in", ["1"])]), rule("two", [payload("s.0", "in", ["2"])]), rule("both", [payload("s.[0]", "in", ["1", "2"])])]);
    const [f, ...rest] = byCode(analyze(doc), "unreachable_rule");
    expect(rest).toEqual([]);
    expect(f!.rules).toEqual(["both", "one", "two"]);
    // The converse does not hold: `s.0` also reads key "0" of an object, which `s.[0]` never does.
    const converse = routerDoc([rule("one", [payload("s.0", "in", ["1"])]), rule("two", [payload("s.[0]", "in", ["2"])]), rule("both", [payload("s.0", "in", ["1", "2"])])]);
    expect(unreachable(converse)).toEqual([]);
  });
});

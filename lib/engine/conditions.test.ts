import { describe, expect, it } from "vitest";
import type { Condition, RoutingRequest } from "../router/document";
import { compileRegex, conditionPatternErrors, matchCondition, matchConditions } from "./conditions";
import { fieldText } from "./values";

const c = (source: Condition["source"], key: string, operator: Condition["operator"], values: (string | number)[] = []): Condition => ({
  source,
  key,
  operator,
  values,
});

const request: RoutingRequest = {
  headers: { "X-Region": "region-A", "x-tenant": "acme" },
  query: { country: "ID", tag: ["first", "second"], none: [] },
  body: {
    user: { id: "u-42", age: 27, vip: true, score: -1.5e2, nick: null, tags: ["a"], profile: { x: 1 } },
    users: [{ name: "ada" }],
    session: [{ id: 123 }],
    numberText: "27",
  },
};

const match = (condition: Condition, req: RoutingRequest = request) => matchCondition(condition, req);

describe("sources", () => {
  it("header names are case-insensitive, values case-sensitive", () => {
    expect(match(c("header", "x-region", "in", ["region-A"]))).toBe(true);
    expect(match(c("header", "X-REGION", "in", ["region-A"]))).toBe(true);
    expect(match(c("header", "X-Tenant", "in", ["acme"]))).toBe(true);
    expect(match(c("header", "x-region", "in", ["region-a"]))).toBe(false);
  });

  it("a header spelled in lower case wins over other spellings", () => {
    const req = { headers: { "X-Key": "upper", "x-key": "lower" } };
    expect(match(c("header", "x-key", "in", ["lower"]), req)).toBe(true);
    expect(fieldText("header", "X-KEY", req)).toBe("lower");
  });

  it("query: a repeated parameter uses its first value", () => {
    expect(match(c("query", "country", "in", ["ID"]))).toBe(true);
    expect(match(c("query", "tag", "in", ["first"]))).toBe(true);
    expect(match(c("query", "tag", "in", ["second"]))).toBe(false);
    expect(match(c("query", "none", "present"))).toBe(false);
    expect(match(c("query", "Country", "present"))).toBe(false);
  });

  it("payload: strings as themselves, numbers and booleans as JSON text, null as null", () => {
    expect(match(c("payload", "user.id", "in", ["u-42"]))).toBe(true);
    expect(match(c("payload", "user.age", "in", ["27"]))).toBe(true);
    expect(match(c("payload", "user.vip", "in", ["true"]))).toBe(true);
    expect(match(c("payload", "user.score", "in", ["-150"]))).toBe(true);
    expect(match(c("payload", "user.nick", "in", ["null"]))).toBe(true);
    expect(match(c("payload", "users.0.name", "in", ["ada"]))).toBe(true);
    expect(match(c("payload", "session.[0].id", "in", ["123"]))).toBe(true);
  });

  it("payload: an object or array is present but fails every other operator", () => {
    for (const key of ["user.tags", "user.profile"]) {
      expect(match(c("payload", key, "present"))).toBe(true);
      expect(match(c("payload", key, "regex", [".*"]))).toBe(false);
      expect(match(c("payload", key, "contains", ["a"]))).toBe(false);
      expect(match(c("payload", key, "in", ['["a"]', '{"x":1}']))).toBe(false);
    }
  });

  it("a missing key fails every operator, present included", () => {
    const operators: [Condition["operator"], (string | number)[]][] = [
      ["in", [""]],
      ["prefix", [""]],
      ["suffix", [""]],
      ["contains", [""]],
      ["regex", [".*"]],
      ["present", []],
      ["range", [-1e9, 1e9]],
    ];
    for (const [operator, values] of operators) {
      expect(match(c("header", "x-absent", operator, values))).toBe(false);
      expect(match(c("query", "absent", operator, values))).toBe(false);
      expect(match(c("payload", "user.absent", operator, values))).toBe(false);
      expect(match(c("payload", "user.id", operator, values), { body: "{\"user\":{\"id\":1}}" })).toBe(false);
      expect(match(c("header", "x-region", operator, values), {})).toBe(false);
    }
  });
});

describe("operators", () => {
  it("in: equals any value", () => {
    expect(match(c("header", "x-tenant", "in", ["other", "acme"]))).toBe(true);
    expect(match(c("header", "x-tenant", "in", ["acm", "acmee"]))).toBe(false);
    const many = Array.from({ length: 50 }, (_, i) => `t-${i}`);
    expect(match(c("header", "x-tenant", "in", [...many, "acme"]))).toBe(true);
    expect(match(c("header", "x-tenant", "in", many))).toBe(false);
  });

  it("prefix, suffix, contains: any of the values", () => {
    expect(match(c("header", "x-region", "prefix", ["zzz", "region-"]))).toBe(true);
    expect(match(c("header", "x-region", "prefix", ["Region"]))).toBe(false);
    expect(match(c("header", "x-region", "suffix", ["-B", "-A"]))).toBe(true);
    expect(match(c("header", "x-region", "suffix", ["-a"]))).toBe(false);
    expect(match(c("header", "x-region", "contains", ["on-"]))).toBe(true);
    expect(match(c("header", "x-region", "contains", ["xyz"]))).toBe(false);
    expect(match(c("payload", "user.age", "prefix", ["2"]))).toBe(true);
  });

  it("regex: RE2 syntax, full match", () => {
    expect(match(c("header", "x-region", "regex", ["region-[AB]"]))).toBe(true);
    expect(match(c("header", "x-region", "regex", ["region"]))).toBe(false);
    expect(match(c("header", "x-region", "regex", [".*gion.*"]))).toBe(true);
    expect(match(c("header", "x-region", "regex", ["(?i)REGION-a"]))).toBe(true);
    expect(match(c("header", "x-region", "regex", ["nope", "r.*"]))).toBe(true);
    expect(match(c("payload", "user.age", "regex", ["\\d+"]))).toBe(true);
  });

  it("regex: an invalid pattern never matches, the others still do", () => {
    expect(match(c("header", "x-region", "regex", ["(region"]))).toBe(false);
    expect(match(c("header", "x-region", "regex", ["(?=region).*"]))).toBe(false);
    expect(match(c("header", "x-region", "regex", ["(a)\\1"]))).toBe(false);
    expect(match(c("header", "x-region", "regex", ["(region", "region-A"]))).toBe(true);
    expect(compileRegex("(region").ok).toBe(false);
    // Wrapping a pattern in an anchor group must not make an invalid pattern valid.
    expect(match(c("header", "x-region", "regex", ["region-A)(?:"]))).toBe(false);
  });

  it("regex: (a+)+$ against 100 000 characters returns, and matches correctly", () => {
    const a = "a".repeat(100_000);
    expect(match(c("payload", "text", "regex", ["(a+)+$"]), { body: { text: a } })).toBe(true);
    expect(match(c("payload", "text", "regex", ["(a+)+$"]), { body: { text: a + "b" } })).toBe(false);
  });

  it("present: the key exists, whatever its value", () => {
    expect(match(c("header", "x-tenant", "present"))).toBe(true);
    expect(match(c("payload", "user.nick", "present"))).toBe(true);
    expect(match(c("payload", "user.id", "present"), { body: { user: { id: "" } } })).toBe(true);
    expect(match(c("header", "x-empty", "present"), { headers: { "x-empty": "" } })).toBe(true);
  });

  it("range: inclusive, only on JSON number text", () => {
    expect(match(c("payload", "user.age", "range", [10, 30]))).toBe(true);
    expect(match(c("payload", "user.age", "range", [27, 27]))).toBe(true);
    expect(match(c("payload", "user.age", "range", [28, 30]))).toBe(false);
    expect(match(c("payload", "user.score", "range", [-200, -100]))).toBe(true);
    expect(match(c("payload", "numberText", "range", [10, 30]))).toBe(true);
    expect(match(c("query", "n", "range", [0, 10]), { query: { n: "1e1" } })).toBe(true);
    for (const text of ["", " 5", "5 ", "0x5", "+5", "05", "5.", ".5", "Infinity", "NaN", "five"]) {
      expect(match(c("query", "n", "range", [-1e9, 1e9]), { query: { n: text } }), text).toBe(false);
    }
    expect(match(c("payload", "user.vip", "range", [0, 1]))).toBe(false);
    expect(match(c("payload", "user.nick", "range", [0, 1]))).toBe(false);
  });
});

describe("matchConditions", () => {
  it("ANDs the conditions; an empty list holds", () => {
    expect(matchConditions([], request)).toBe(true);
    expect(matchConditions([c("header", "x-tenant", "in", ["acme"]), c("query", "country", "in", ["ID"])], request)).toBe(true);
    expect(matchConditions([c("header", "x-tenant", "in", ["acme"]), c("query", "country", "in", ["SG"])], request)).toBe(false);
  });
});

describe("fieldText", () => {
  it("gives the text each operator compares, undefined when missing, JSON for structures", () => {
    expect(fieldText("header", "X-REGION", request)).toBe("region-A");
    expect(fieldText("query", "tag", request)).toBe("first");
    expect(fieldText("payload", "user.age", request)).toBe("27");
    expect(fieldText("payload", "user.nick", request)).toBe("null");
    expect(fieldText("payload", "user.tags", request)).toBe('["a"]');
    expect(fieldText("payload", "user.absent", request)).toBeUndefined();
    expect(fieldText("header", "x-absent", request)).toBeUndefined();
  });
});

describe("conditionPatternErrors", () => {
  it("names the first pattern of each regex condition that does not compile, by field path", () => {
    const conditions: Condition[] = [
      { source: "header", key: "a", operator: "regex", values: ["ok.*", "(", "["] },
      { source: "header", key: "b", operator: "in", values: ["("] },
      { source: "header", key: "v", operator: "regex", values: ["v[0-9]+"] },
      { source: "query", key: "c", operator: "regex", values: ["x", "(?P<"] },
    ];
    const errors = conditionPatternErrors(conditions);
    expect(Object.keys(errors)).toEqual(["conditions.0.values", "conditions.3.values"]);
    expect(errors["conditions.0.values"]).toMatch(/^invalid RE2 pattern "\(": /);
    expect(conditionPatternErrors([])).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { formFromRequest, parseRequestJson, recordOf } from "./request-form";

describe("simulator request form", () => {
  it("fills every field from a request and gives the same request back", () => {
    const request = { method: "PUT", path: "/v1/score", headers: { "x-region": "eu" }, query: { tier: ["gold", "silver"], a: "1" }, body: { user: { id: 7 } } };
    const form = formFromRequest(request);
    expect(form.method).toBe("PUT");
    expect(form.path).toBe("/v1/score");
    expect(form.headers.map((r) => [r.key, r.value])).toEqual([["x-region", "eu"]]);
    expect(form.query.map((r) => [r.key, r.value])).toEqual([["tier", "gold"], ["tier", "silver"], ["a", "1"]]);
    expect(JSON.parse(form.payload)).toEqual(request.body);
    expect(recordOf(form.query, true)).toEqual(request.query);
    expect(recordOf(form.headers)).toEqual(request.headers);
  });

  it("reads a request in the CLI's format and names what is wrong", () => {
    expect(parseRequestJson('{"headers":{"x-beta":"1"},"body":{"a":1}}')).toEqual({ ok: true, value: { headers: { "x-beta": "1" }, body: { a: 1 } } });
    const cases: [string, RegExp][] = [
      ["{", /Not valid JSON/],
      ['{"headers":{"x":1}}', /^headers\.x: /],
      ['{"header":{}}', /unknown field “header”/],
      ["[]", /must be an object/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseRequestJson(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
    }
  });
});

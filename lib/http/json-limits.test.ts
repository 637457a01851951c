import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, depthExceededIn, jsonValueProblems, MAX_JSON_DEPTH, unstorableText } from "./json-limits";

/** The nesting depth of a JSON value, computed the obvious (recursive) way: for small values only. */
function depth(v: unknown): number {
  if (v === null || typeof v !== "object") return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + Math.max(0, ...children.map(depth));
}

/** A value `levels` deep, built without recursion. */
function nested(levels: number, kind: "array" | "object"): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = kind === "array" ? [v] : { a: v };
  return v;
}

describe("depthExceededIn (on the text, before parsing)", () => {
  it("allows exactly MAX_JSON_DEPTH levels and names the value that goes one deeper", () => {
    const text = (levels: number) => `{"a":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
    expect(depthExceededIn(text(MAX_JSON_DEPTH))).toBeNull();
    expect(depthExceededIn(text(MAX_JSON_DEPTH + 1))).toBe(`a${".0".repeat(MAX_JSON_DEPTH - 1)}`);
  });

  it("counts only brackets outside strings, and follows keys and indexes", () => {
    expect(depthExceededIn(JSON.stringify({ s: "[[[[[[{{{{", t: '\\"[[[' }), 2)).toBeNull();
    expect(depthExceededIn('{"x":[1,2,{"k\\"ey":[[]]}]}', 3)).toBe('x.2.k"ey');
    expect(depthExceededIn('[0, [1], {"a": 1, "b": [[]]}]', 3)).toBe("2.b.0");
  });

  it("stops at the limit: a body of a million brackets, open or closed, is answered at once", () => {
    for (const text of ["[".repeat(1_000_000), "[".repeat(1_000_000) + "]".repeat(1_000_000), '{"a":'.repeat(500_000)]) {
      expect(depthExceededIn(text)).toMatch(/^(0|a)(\.(0|a))*$/);
    }
  });

  it("agrees with the depth of the parsed value, for any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 8 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(depthExceededIn(text, max) !== null).toBe(depth(value) > max);
        expect(jsonValueProblems(value, max).tooDeep !== null).toBe(depth(value) > max);
        if (depth(value) > max) expect(jsonValueProblems(value, max).tooDeep!.path).toBe(depthExceededIn(text, max));
      }),
      { numRuns: 500 },
    );
  });
});

describe("jsonValueProblems (on a parsed value)", () => {
  it("walks any depth without recursion, reporting once and descending no further", () => {
    for (const kind of ["array", "object"] as const) {
      const { tooDeep, strings } = jsonValueProblems(nested(200_000, kind));
      expect(tooDeep?.path.split(".")).toHaveLength(MAX_JSON_DEPTH);
      expect(strings).toEqual([]);
    }
  });

  it("names each string and key PostgreSQL cannot store, in document order", () => {
    const value = { ok: "fine 🙂", a: ["x", "bad\u0000"], b: { "k\ud800": 1, c: "\udc00 alone", d: "pair \ud83d\ude00 ok" }, e: "high at end \ud83d" };
    expect(jsonValueProblems(value).strings).toEqual([
      { path: "a.1", message: "must not contain NUL (\\u0000) characters" },
      { path: "b.k\\ud800", message: expect.stringMatching(/^field name must be valid Unicode text: it contains an unpaired UTF-16 surrogate \(\\ud800 at character 1\)/) },
      { path: "b.c", message: expect.stringContaining("(\\udc00 at character 0)") },
      { path: "e", message: expect.stringContaining("\\ud83d") },
    ]);
    expect(jsonValueProblems("\u0000").strings[0]!.path).toBe("(root)");
  });

  it("lists at most 20 problems however many strings are bad", () => {
    expect(jsonValueProblems(Array.from({ length: 10_000 }, () => "\ud800")).strings).toHaveLength(20);
  });

  it("never reports well-formed text, and always reports a lone surrogate wherever it sits", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer({ min: 0xd800, max: 0xdfff }), (a, b, unit) => {
        expect(unstorableText(a + b)).toBeNull();
        // A high surrogate followed by a low one would be a pair: put the lone one where it cannot pair.
        const lone = String.fromCharCode(unit);
        const text = unit < 0xdc00 ? `${a}${lone}x${b}` : `${a}x${lone}${b}`;
        expect(unstorableText(text)).toMatch(/unpaired UTF-16 surrogate/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("decodeUtf8", () => {
  it("decodes UTF-8 (dropping a BOM) and refuses anything else", () => {
    expect(decodeUtf8(new TextEncoder().encode('{"a":"é🙂"}'))).toBe('{"a":"é🙂"}');
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe("{}");
    for (const bytes of [[0xff], [0xe9, 0x22], [0xc3], [0xed, 0xa0, 0x80] /* an encoded surrogate */, [0xf4, 0x90, 0x80, 0x80] /* past U+10FFFF */]) {
      expect(decodeUtf8(new Uint8Array([0x22, ...bytes, 0x22]))).toBeNull();
    }
  });
});

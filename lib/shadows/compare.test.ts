import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareResponses, compileComparison, DEFAULT_COMPARE_LIMITS, type ComparisonResult } from "./compare";
import { compareSpecProblems, compareSpecSchema, type CompareSpecInput } from "./spec";

const compiled = (spec: CompareSpecInput) => compileComparison(compareSpecSchema.parse(spec));
const json = (value: unknown, status = 200) => ({ status, body: JSON.stringify(value) });
const outcome = (spec: CompareSpecInput, primary: unknown, shadow: unknown) => compareResponses(compiled(spec), json(primary), json(shadow)).outcome;
const result = (spec: CompareSpecInput, primary: unknown, shadow: unknown): ComparisonResult => compareResponses(compiled(spec), json(primary), json(shadow));

const FIELDS = { mode: "fields" } as const;

describe("exact mode", () => {
  it("agrees on identical bytes only: key order and whitespace count", () => {
    const exact = compiled({ mode: "exact" });
    expect(compareResponses(exact, { status: 200, body: '{"a":1,"b":2}' }, { status: 200, body: '{"a":1,"b":2}' }).outcome).toBe("agree");
    expect(compareResponses(exact, { status: 200, body: '{"a":1,"b":2}' }, { status: 200, body: '{"b":2,"a":1}' })).toMatchObject({ outcome: "disagree", field: "body" });
    expect(compareResponses(exact, { status: 200, body: new TextEncoder().encode("x") }, { status: 200, body: "x" }).outcome).toBe("agree");
  });

  it("never reports a body as not comparable, whatever its size or content", () => {
    const big = "x".repeat(DEFAULT_COMPARE_LIMITS.maxBytes + 1);
    expect(compareResponses(compiled({ mode: "exact" }), { status: 200, body: big }, { status: 200, body: big }).outcome).toBe("agree");
  });
});

describe("every mode", () => {
  it.each(["exact", "json", "fields"] as const)("%s: a failed side is reported before anything else, the shadow first", (mode) => {
    const spec = mode === "fields" ? { mode, fields: [{ path: "a" }] } : { mode };
    expect(compareResponses(compiled(spec), null, null).outcome).toBe("shadow_failed");
    expect(compareResponses(compiled(spec), null, json({ a: 1 })).outcome).toBe("primary_failed");
    expect(compareResponses(compiled(spec), json({ a: 1 }), null).outcome).toBe("shadow_failed");
  });

  it.each(["exact", "json", "fields"] as const)("%s: a 5xx shadow against a 2xx primary disagrees on the status, even with the same body", (mode) => {
    const spec = mode === "fields" ? { mode, fields: [{ path: "a" }] } : { mode };
    const r = compareResponses(compiled(spec), json({ a: 1 }, 200), json({ a: 1 }, 503));
    expect(r).toMatchObject({ outcome: "disagree", field: "status", differences: [{ field: "status", primary: 200, shadow: 503 }] });
    // Same class, different code: the bodies decide.
    expect(compareResponses(compiled(spec), json({ a: 1 }, 200), json({ a: 1 }, 201)).outcome).toBe("agree");
  });
});

describe("json mode", () => {
  it("ignores key order at every depth, but not array order", () => {
    expect(outcome({ mode: "json" }, { a: { x: 1, y: [1, 2] }, b: 2 }, { b: 2, a: { y: [1, 2], x: 1 } })).toBe("agree");
    expect(result({ mode: "json" }, { a: [1, 2] }, { a: [2, 1] })).toMatchObject({ outcome: "disagree", field: "a.0" });
  });

  it("leaves ignored paths out on both sides, with * for any key or index", () => {
    const spec = { mode: "json" as const, ignore: ["id", "meta.latencyMs", "items.*.traceId"] };
    const primary = { id: "r-1", meta: { latencyMs: 12, model: "m" }, items: [{ label: "cat", traceId: "a" }] };
    const shadow = { id: "r-2", meta: { model: "m" }, items: [{ label: "cat", traceId: "b" }] };
    expect(outcome(spec, primary, shadow)).toBe("agree");
    expect(result(spec, primary, { ...shadow, meta: { model: "n" } })).toMatchObject({ outcome: "disagree", field: "meta.model", differences: [{ primary: "m", shadow: "n" }] });
  });

  it("names the first differing path and what differs there", () => {
    expect(result({ mode: "json" }, { a: { b: 1 } }, { a: {} })).toMatchObject({ field: "a.b", differences: [{ field: "a.b", primary: 1, reason: "missing in the shadow" }] });
    expect(result({ mode: "json" }, { a: {} }, { a: { c: 1 } })).toMatchObject({ field: "a.c", differences: [{ shadow: 1, reason: "missing in the primary" }] });
    expect(result({ mode: "json" }, { a: 1 }, { a: "1" })).toMatchObject({ field: "a", differences: [{ reason: "a number in the primary, a string in the shadow" }] });
    expect(result({ mode: "json" }, [1], [1, 2])).toMatchObject({ field: "(root)", differences: [{ reason: "1 elements in the primary, 2 in the shadow" }] });
  });

  it("answers not_comparable for a body that is not JSON or is over the size limit", () => {
    const spec = compiled({ mode: "json" });
    expect(compareResponses(spec, { status: 200, body: "<html>" }, json({}))).toEqual({ outcome: "not_comparable", reason: "the primary's answer is not JSON" });
    expect(compareResponses(spec, json({}), { status: 200, body: "nope" })).toEqual({ outcome: "not_comparable", reason: "the shadow's answer is not JSON" });
    const big = JSON.stringify({ blob: "x".repeat(300 * 1024) });
    expect(compareResponses(spec, { status: 200, body: big }, { status: 200, body: big }).outcome).toBe("not_comparable");
    expect(compareResponses(spec, { status: 200, body: big }, { status: 200, body: big }, { ...DEFAULT_COMPARE_LIMITS, maxBytes: 1024 * 1024 }).outcome).toBe("agree");
    // Two empty bodies (a 204 against a 204) agree; one empty body is not comparable.
    expect(compareResponses(spec, { status: 204, body: "" }, { status: 204, body: "" }).outcome).toBe("agree");
    expect(compareResponses(spec, { status: 200, body: "" }, json({})).outcome).toBe("not_comparable");
  });

  it("answers not_comparable beyond the depth and step limits instead of recursing", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(compareResponses(compiled({ mode: "json" }), { status: 200, body: deep }, { status: 200, body: deep })).toEqual({ outcome: "not_comparable", reason: "the primary's answer is nested deeper than 64 levels" });
    const wide = JSON.stringify(Array.from({ length: 5000 }, (_, i) => i));
    expect(compareResponses(compiled({ mode: "json" }), { status: 200, body: wide }, { status: 200, body: wide }, { ...DEFAULT_COMPARE_LIMITS, maxSteps: 1000 }).outcome).toBe("not_comparable");
  });
});

describe("fields mode", () => {
  const scored = (label: string, score: number) => ({ id: Math.random(), predictions: [{ label, score }] });

  it("compares only the listed fields", () => {
    const spec = { ...FIELDS, fields: [{ path: "predictions.0.label" }] };
    expect(outcome(spec, scored("cat", 0.9), scored("cat", 0.1))).toBe("agree");
    expect(result(spec, scored("cat", 0.9), scored("dog", 0.9))).toMatchObject({ outcome: "disagree", field: "predictions.0.label", differences: [{ primary: "cat", shadow: "dog" }] });
  });

  it("tolerance: within the absolute OR the relative bound, relative to the larger magnitude (symmetric)", () => {
    const tol = (t: { absolute?: number; relative?: number }) => ({ ...FIELDS, fields: [{ path: "s", tolerance: t }] });
    // Absolute alone.
    expect(outcome(tol({ absolute: 0.01 }), { s: 0.5 }, { s: 0.509 })).toBe("agree");
    expect(outcome(tol({ absolute: 0.01 }), { s: 0.5 }, { s: 0.52 })).toBe("disagree");
    // Relative alone: |100 − 104| = 4 ≤ 0.05 × 104.
    expect(outcome(tol({ relative: 0.05 }), { s: 100 }, { s: 104 })).toBe("agree");
    expect(outcome(tol({ relative: 0.05 }), { s: 104 }, { s: 100 })).toBe("agree");
    expect(outcome(tol({ relative: 0.05 }), { s: 100 }, { s: 106 })).toBe("disagree");
    // Either bound is enough: 0.02 is beyond 0.01 absolute but within 5 % of 0.5 … no: 5 % of 0.52 is 0.026.
    expect(outcome(tol({ absolute: 0.01, relative: 0.05 }), { s: 0.5 }, { s: 0.52 })).toBe("agree");
    // Near zero the relative bound is tiny and the absolute one decides.
    expect(outcome(tol({ absolute: 0.01, relative: 0.05 }), { s: 0 }, { s: 0.009 })).toBe("agree");
    expect(outcome(tol({ absolute: 0.01, relative: 0.05 }), { s: 0 }, { s: 0.02 })).toBe("disagree");
    // An empty tolerance is exact equality; the bounds are inclusive.
    expect(outcome(tol({}), { s: 1 }, { s: 1 })).toBe("agree");
    expect(outcome(tol({}), { s: 1 }, { s: 1.0000001 })).toBe("disagree");
    expect(outcome(tol({ absolute: 0.5 }), { s: 1 }, { s: 1.5 })).toBe("agree");
  });

  it("tolerance applies to every number inside the field, everything else must be equal", () => {
    const spec = { ...FIELDS, fields: [{ path: "probs", tolerance: { absolute: 0.01 } }] };
    expect(outcome(spec, { probs: [0.1, 0.9] }, { probs: [0.105, 0.895] })).toBe("agree");
    expect(result(spec, { probs: [0.1, 0.9] }, { probs: [0.1, 0.8] })).toMatchObject({ field: "probs", differences: [{ reason: "beyond the tolerance at probs.1" }] });
    expect(outcome(spec, { probs: { cat: 0.5, tag: "x" } }, { probs: { tag: "y", cat: 0.5 } })).toBe("disagree");
  });

  it("a number never equals a string, with or without a tolerance", () => {
    expect(outcome({ ...FIELDS, fields: [{ path: "s" }] }, { s: 1 }, { s: "1" })).toBe("disagree");
    expect(outcome({ ...FIELDS, fields: [{ path: "s", tolerance: { absolute: 1 } }] }, { s: 0.5 }, { s: "0.5" })).toBe("disagree");
  });

  it("a field missing on both sides agrees; on one side it differs", () => {
    const spec = { ...FIELDS, fields: [{ path: "extra.note" }, { path: "label" }] };
    expect(outcome(spec, { label: "a" }, { label: "a" })).toBe("agree");
    expect(result(spec, { label: "a", extra: { note: "n" } }, { label: "a" })).toMatchObject({ field: "extra.note", differences: [{ field: "extra.note", primary: "n", reason: "missing in the shadow" }] });
    expect(result(spec, { label: "a" }, { label: "a", extra: { note: null } })).toMatchObject({ differences: [{ shadow: null, reason: "missing in the primary" }] });
  });

  it("reports every differing field, the first one as the field", () => {
    const spec = { ...FIELDS, fields: [{ path: "a" }, { path: "b" }, { path: "c" }] };
    const r = result(spec, { a: 1, b: 2, c: 3 }, { a: 1, b: 0, c: 0 });
    expect(r).toMatchObject({ outcome: "disagree", field: "b" });
    expect(r.outcome === "disagree" && r.differences.map((d) => d.field)).toEqual(["b", "c"]);
  });

  it("topK on scalars: the same set among the first k, order and duplicates ignored", () => {
    const spec = { ...FIELDS, fields: [{ path: "top", topK: 3 }] };
    expect(outcome(spec, { top: ["a", "b", "c", "d"] }, { top: ["c", "a", "b", "z"] })).toBe("agree");
    expect(result(spec, { top: ["a", "b", "c"] }, { top: ["a", "b", "d"] })).toMatchObject({ field: "top", differences: [{ primary: ["a", "b", "c"], shadow: ["a", "b", "d"], reason: "not the same top 3" }] });
    // Shorter lists: the elements there are.
    expect(outcome(spec, { top: ["a", "b"] }, { top: ["b", "a"] })).toBe("agree");
    expect(outcome(spec, { top: ["a", "b"] }, { top: ["b", "a", "c"] })).toBe("disagree");
    expect(outcome(spec, { top: [1, 2, 3] }, { top: ["1", 2, 3] })).toBe("disagree");
  });

  it("topK on objects: whole elements (key order ignored), or by a path inside each", () => {
    const whole = { ...FIELDS, fields: [{ path: "top", topK: 2 }] };
    const byLabel = { ...FIELDS, fields: [{ path: "top", topK: 2, by: "label" }] };
    const primary = { top: [{ label: "cat", score: 0.9 }, { label: "dog", score: 0.05 }, { label: "owl", score: 0.01 }] };
    const shadow = { top: [{ score: 0.07, label: "dog" }, { label: "cat", score: 0.88 }, { label: "emu", score: 0.01 }] };
    expect(outcome(whole, primary, shadow)).toBe("disagree");
    expect(outcome(whole, primary, { top: [primary.top[1], { score: 0.9, label: "cat" }] })).toBe("agree");
    expect(outcome(byLabel, primary, shadow)).toBe("agree");
    expect(result(byLabel, primary, { top: [{ label: "cat" }, { label: "owl" }] })).toMatchObject({ differences: [{ primary: ["cat", "dog"], shadow: ["cat", "owl"], reason: "not the same top 2 by label" }] });
  });

  it("topK: an array on one side only differs; two non-arrays compare as values", () => {
    const spec = { ...FIELDS, fields: [{ path: "top", topK: 2 }] };
    expect(result(spec, { top: ["a"] }, { top: "a" })).toMatchObject({ differences: [{ reason: "an array in the primary, a string in the shadow" }] });
    expect(outcome(spec, { top: null }, { top: null })).toBe("agree");
  });

  it("paths use the condition syntax: numeric segments and [n]", () => {
    const spec = { ...FIELDS, fields: [{ path: "rows.[1].v" }] };
    expect(outcome(spec, { rows: [{ v: 1 }, { v: 2 }] }, { rows: [{ v: 9 }, { v: 2 }] })).toBe("agree");
    expect(outcome(spec, { rows: { "1": { v: 2 } } }, { rows: { "1": { v: 3 } } })).toBe("agree"); // [1] never reads an object key: missing on both
  });
});

describe("spec problems", () => {
  it("bad paths, negative tolerances, k < 1, by without topK, duplicates and an empty field list", () => {
    const problems = (spec: CompareSpecInput) => compareSpecProblems(compareSpecSchema.parse(spec)).map((p) => [p.path.join("."), p.message]);
    expect(problems({ mode: "json", ignore: ["a..b", "x.*", ""] })).toEqual([
      ["ignore.0", '"a..b" has an empty segment (two dots in a row, or a dot at either end)'],
      ["ignore.2", "the path is empty"],
    ]);
    expect(problems({ mode: "fields", fields: [] })).toEqual([["fields", "list at least one field to compare (or compare the whole answer in json mode)"]]);
    expect(
      problems({
        mode: "fields",
        fields: [{ path: "a." }, { path: "s", tolerance: { absolute: -1, relative: -0.1 } }, { path: "t", topK: 0 }, { path: "u", by: "x" }, { path: "s" }, { path: "v", topK: 2, tolerance: { absolute: 1 } }, { path: "w.*" }],
      }),
    ).toEqual([
      ["fields.0.path", '"a." has an empty segment (two dots in a row, or a dot at either end)'],
      ["fields.1.tolerance", "the absolute and relative tolerance must not be negative"],
      ["fields.2.topK", "k must be between 1 and 1000"],
      ["fields.3.by", "`by` only applies with topK"],
      ["fields.4.path", '"s" is already compared by fields.1'],
      ["fields.5.tolerance", "a field takes a tolerance or topK, not both"],
      ["fields.6.path", '"w.*": "*" (any key) is only allowed in ignore paths'],
    ]);
    expect(() => compiled({ mode: "fields", fields: [{ path: "t", topK: 0 }] })).toThrow(/fields.0.topK/);
  });

  it("the schema refuses what is not a spec at all", () => {
    expect(compareSpecSchema.safeParse({ mode: "fuzzy" }).success).toBe(false);
    expect(compareSpecSchema.safeParse({ mode: "exact", ignore: [] }).success).toBe(false);
    expect(compareSpecSchema.safeParse({ mode: "fields", fields: [{ path: "a", topK: 1.5 }] }).success).toBe(false);
    expect(compareSpecSchema.safeParse({ mode: "fields", fields: [{ path: "a", tolerance: { absolute: Infinity } }] }).success).toBe(false);
  });
});

// ——— properties ———

const key = fc.constantFrom("a", "b", "id", "label", "score", "0", "1", "meta", "x y");
/** JSON values biased towards shared keys, so that paths and ignores hit something. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom("cat", "dog", "1", ""), tie("arr"), tie("obj")),
  arr: fc.array(tie("v"), { maxLength: 4 }),
  obj: fc.dictionary(key, tie("v"), { maxKeys: 4 }),
})).v;
const path = fc.array(fc.oneof(key, fc.constantFrom("[0]", "[1]")), { minLength: 1, maxLength: 3 }).map((p) => p.join("."));
const field = fc.record(
  {
    path,
    tolerance: fc.record({ absolute: fc.double({ min: 0, max: 10, noNaN: true }), relative: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }),
    topK: fc.integer({ min: 1, max: 4 }),
    by: path,
  },
  { requiredKeys: ["path"] },
).map((f) => {
  const { tolerance, topK, by, ...rest } = f;
  if (topK !== undefined) return { ...rest, topK, ...(by !== undefined ? { by } : {}) };
  return { ...rest, ...(tolerance !== undefined ? { tolerance } : {}) };
});
const spec: fc.Arbitrary<CompareSpecInput> = fc.oneof(
  fc.constant({ mode: "exact" as const }),
  fc.record({ mode: fc.constant("json" as const), ignore: fc.array(fc.oneof(path, path.map((p) => `${p}.*`), fc.constant("*")), { maxLength: 3 }) }),
  fc.uniqueArray(field, { minLength: 1, maxLength: 4, selector: (f) => f.path }).map((fields) => ({ mode: "fields" as const, fields })),
);

/** The same value with every object's keys in another order. */
function reorder(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reorder(x, seed + i));
  if (v === null || typeof v !== "object") return v;
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x], i) => [k, reorder(x, seed * 31 + i)] as const);
  const rotated = entries.length ? [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)].reverse() : entries;
  return Object.fromEntries(rotated);
}

/** Sets `replacement` at every place an ignore path (with `*`) reaches. */
function overwrite(v: unknown, segments: readonly string[], replacement: unknown): unknown {
  if (segments.length === 0) return replacement;
  if (v === null || typeof v !== "object") return v;
  const [head, ...rest] = segments;
  if (Array.isArray(v)) {
    const bracket = /^\[(\d+)\]$/.exec(head!);
    const plain = /^(0|[1-9]\d*)$/.test(head!) ? Number(head) : -1;
    const index = bracket ? Number(bracket[1]) : plain;
    return v.map((x, i) => (head === "*" || i === index ? overwrite(x, rest, replacement) : x));
  }
  const record = v as Record<string, unknown>;
  return Object.fromEntries(Object.entries(record).map(([k, x]) => [k, head === "*" || k === head ? overwrite(x, rest, replacement) : x]));
}

/** A near copy of `v`: numbers scaled and shifted a little, now and then an object key dropped or an array reversed. */
function nudge(v: unknown, seed: number): unknown {
  const r = (seed * 2654435761) % 1000 / 1000;
  if (typeof v === "number") return seed % 3 === 0 ? v : v * (1 + (r - 0.5) / 5) + (r - 0.5) / 50;
  if (Array.isArray(v)) {
    const copy = v.map((x, i) => nudge(x, seed + i + 1));
    return seed % 7 === 0 ? copy.reverse() : copy;
  }
  if (v === null || typeof v !== "object") return v;
  const entries = Object.entries(v as Record<string, unknown>);
  return Object.fromEntries(entries.filter((_, i) => seed % 11 !== i + 1).map(([k, x], i) => [k, nudge(x, seed * 7 + i)]));
}

describe("properties", () => {
  it("a value compared with itself agrees, in every mode", () => {
    fc.assert(fc.property(spec, value, (s, v) => outcome(s, v, structuredClone(v)) === "agree"), { numRuns: 400 });
  });

  it("key order never matters in json mode (nor in fields mode)", () => {
    fc.assert(
      fc.property(spec.filter((s) => s.mode !== "exact"), value, value, fc.nat(), (s, a, b, seed) => outcome(s, a, b) === outcome(s, reorder(a, seed), reorder(b, seed + 7))),
      { numRuns: 400 },
    );
  });

  it("ignored paths never matter in json mode", () => {
    const ignore = fc.array(fc.oneof(path, path.map((p) => `${p}.*`), fc.constant("*")), { minLength: 1, maxLength: 3 });
    const junked = (v: unknown, paths: readonly string[], junk: unknown) => paths.reduce((x, p) => overwrite(x, p.split("."), junk), v);
    fc.assert(
      fc.property(ignore, value, value, value, value, (paths, a, b, junk1, junk2) => {
        const s = { mode: "json" as const, ignore: paths };
        // Whatever sits at an ignored path, a value still agrees with itself…
        if (outcome(s, a, junked(a, paths, junk1)) !== "agree") return false;
        // …and two values compare as they did before.
        return outcome(s, junked(a, paths, junk1), junked(b, paths, junk2)) === outcome(s, a, b);
      }),
      { numRuns: 400 },
    );
  });

  it("the outcome is symmetric in every mode", () => {
    fc.assert(fc.property(spec, value, value, (s, a, b) => outcome(s, a, b) === outcome(s, b, a)), { numRuns: 300 });
    // Near-equal values (numbers nudged, a key dropped) exercise tolerances and top-k sets.
    fc.assert(fc.property(spec, value, fc.nat(), (s, a, seed) => {
      const b = nudge(a, seed);
      return outcome(s, a, b) === outcome(s, b, a);
    }), { numRuns: 600 });
    // Tolerances, head on: |x − y| around the bounds.
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    const bound = fc.double({ min: 0, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(finite, fc.double({ min: -0.6, max: 0.6, noNaN: true }), bound, bound, (x, d, absolute, relative) => {
        const s = { mode: "fields" as const, fields: [{ path: "s", tolerance: { absolute, relative } }] };
        const y = x * (1 + d) + d;
        return outcome(s, { s: x }, { s: y }) === outcome(s, { s: y }, { s: x });
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws, on any JSON, any text, deep nesting or wide arrays", () => {
    const deep = fc.integer({ min: 1, max: 5000 }).map((n) => "[".repeat(n) + "]".repeat(n));
    const deepObject = fc.integer({ min: 1, max: 3000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n));
    const body = fc.oneof(fc.json(), fc.string(), deep, deepObject, fc.jsonValue().map((v) => JSON.stringify(v)));
    const status = fc.constantFrom(200, 201, 404, 500);
    fc.assert(
      fc.property(spec, body, body, status, status, (s, a, b, sa, sb) => {
        const r = compareResponses(compiled(s), { status: sa, body: a }, { status: sb, body: b }, { maxBytes: 64 * 1024, maxDepth: 64, maxSteps: 20_000 });
        return ["agree", "disagree", "not_comparable"].includes(r.outcome);
      }),
      { numRuns: 400 },
    );
  });
});

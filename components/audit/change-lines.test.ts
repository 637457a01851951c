import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeLines } from "./change-lines";

describe("audit change lines", () => {
  it("lists the fields that differ, with both sides", () => {
    const before = { name: "r", split: [{ route: "a", weight: 90 }, { route: "b", weight: 10 }], description: "x" };
    const after = { name: "r", split: [{ route: "a", weight: 100 }], strict: true };
    expect(changeLines(before, after).lines).toEqual([
      { path: "split.0.weight", before: "90", after: "100" },
      { path: "split.1.route", before: '"b"', after: null },
      { path: "split.1.weight", before: "10", after: null },
      { path: "description", before: '"x"', after: null },
      { path: "strict", before: null, after: "true" },
    ]);
  });

  it("a creation shows every field as added; a deletion as removed; nothing when equal", () => {
    expect(changeLines(null, { role: "editor" }).lines).toEqual([{ path: "role", before: null, after: '"editor"' }]);
    expect(changeLines({ role: "viewer" }, undefined).lines).toEqual([{ path: "role", before: '"viewer"', after: null }]);
    expect(changeLines({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }).lines).toEqual([]);
  });

  it("stays within its limit and counts the rest, for any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (x, y) => {
        const { lines, more } = changeLines(x, y, 50);
        expect(lines.length).toBeLessThanOrEqual(50);
        expect(more).toBeGreaterThanOrEqual(0);
        if (JSON.stringify(x) === JSON.stringify(y)) expect(lines.length + more).toBe(0);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyLines, diffLines, jsonDiff } from "./json-diff";

describe("side-by-side JSON diff", () => {
  it("lines up equal parts, whatever the key order, and marks the lines that differ", () => {
    const rows = jsonDiff('{"id":"p-1","label":"cat","score":0.9}', '{"score":0.9,"label":"dog","id":"p-1"}');
    expect(rows).toEqual([
      { left: "{", right: "{", same: true },
      { left: '  "id": "p-1",', right: '  "id": "p-1",', same: true },
      { left: '  "label": "cat",', right: '  "label": "dog",', same: false },
      { left: '  "score": 0.9', right: '  "score": 0.9', same: true },
      { left: "}", right: "}", same: true },
    ]);
  });

  it("pairs the lines of a change that spans several lines, in order", () => {
    expect(diffLines(["{", "a", "b", "}"], ["{", "x", "y", "z", "}"])).toEqual([
      { left: "{", right: "{", same: true },
      { left: "a", right: "x", same: false },
      { left: "b", right: "y", same: false },
      { left: null, right: "z", same: false },
      { left: "}", right: "}", same: true },
    ]);
  });

  it("shows text that is not JSON as it is, and lines only one side has against a gap", () => {
    expect(bodyLines("<html>\nbusy")).toEqual(["<html>", "busy"]);
    expect(diffLines(["a", "b"], ["a", "x", "b", "c"])).toEqual([
      { left: "a", right: "a", same: true },
      { left: null, right: "x", same: false },
      { left: "b", right: "b", same: true },
      { left: null, right: "c", same: false },
    ]);
  });

  it("keeps every line of both sides, in order", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "{", "}"), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (l, r) => {
        const rows = diffLines(l, r);
        return JSON.stringify(rows.flatMap((x) => (x.left === null ? [] : [x.left]))) === JSON.stringify(l) && JSON.stringify(rows.flatMap((x) => (x.right === null ? [] : [x.right]))) === JSON.stringify(r) && rows.every((x) => x.same === (x.left === x.right && x.left !== null));
      }),
    );
  });
});

import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { cachedDraftRow, cacheSize, forgetAll, keepDraftRow, MAX_CACHED_ROUTERS, MAX_CACHED_RULES } from "./draft-cache";
import type { RouterRow } from "./draft-rows";

const rowOf = (id: string, rules: number) => ({ id, rules: Array.from({ length: rules }, () => ({})), routes: [] }) as unknown as RouterRow;

beforeEach(() => forgetAll());

describe("the kept drafts", () => {
  it("answer a router's rows only for the stamp they were kept under", () => {
    const row = rowOf("r1", 3);
    keepDraftRow("r1", "s1", row);
    expect(cachedDraftRow("r1", "s1")).toBe(row);
    expect(cachedDraftRow("r2", "s1")).toBeNull();
    expect(cachedDraftRow("r1", "s2")).toBeNull();
    // A stamp that no longer matches is dropped, not kept beside the new one.
    expect(cachedDraftRow("r1", "s1")).toBeNull();
    expect(cacheSize()).toEqual({ routers: 0, rules: 0 });
  });

  it("stay within their bounds however many routers of whatever size are kept, dropping the least recently used", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: MAX_CACHED_RULES + 10 })), { maxLength: 400 }), (keeps) => {
        forgetAll();
        keeps.forEach(([router, rules], i) => keepDraftRow(`r${router}`, `s${i}`, rowOf(`r${router}`, rules)));
        const { routers, rules } = cacheSize();
        expect(routers).toBeLessThanOrEqual(MAX_CACHED_ROUTERS);
        expect(rules).toBeLessThanOrEqual(MAX_CACHED_RULES);
        // The last one kept is there unless it alone is larger than the bound.
        const last = keeps.at(-1);
        if (last && last[1] + 1 <= MAX_CACHED_RULES) expect(cachedDraftRow(`r${last[0]}`, `s${keeps.length - 1}`)).not.toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it("a router read recently outlives routers kept before it", () => {
    keepDraftRow("old", "s", rowOf("old", MAX_CACHED_RULES / 2 - 1));
    keepDraftRow("mid", "s", rowOf("mid", MAX_CACHED_RULES / 4));
    expect(cachedDraftRow("old", "s")).not.toBeNull();
    keepDraftRow("new", "s", rowOf("new", MAX_CACHED_RULES / 2 - 1));
    expect(cachedDraftRow("mid", "s")).toBeNull();
    expect(cachedDraftRow("old", "s")).not.toBeNull();
    expect(cachedDraftRow("new", "s")).not.toBeNull();
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loginPathFor, safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it.each([
    ["/projects/demo", "/projects/demo"],
    ["/projects/demo/audit?actor=alice&to=2025-01-01T10:00", "/projects/demo/audit?actor=alice&to=2025-01-01T10:00"],
    ["/projects/demo#members", "/projects/demo#members"],
    ["/", "/"],
  ])("keeps the path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    [undefined],
    [""],
    ["https://evil.example/"],
    ["//evil.example/x"],
    ["/\\evil.example"],
    ["/\t/evil.example"],
    ["javascript:alert(1)"],
    ["projects/demo"],
    ["/login"],
    ["/login?next=/x"],
    [`/${"a".repeat(3000)}`],
    // Dot segments that collapse into a protocol-relative "//host" once normalised.
    ["/.//evil.example/phish"],
    ["/..//evil.example"],
    ["/%2e//evil.example"],
    ["/%2E%2E//evil.example"],
    ["/a/..//evil.example/x"],
    ["/a/b/../..//evil.example"],
    ["/./\\evil.example"],
  ])("falls back to the home page for %j", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it("takes the first of repeated parameters", () => {
    expect(safeNextPath(["/a", "/b"])).toBe("/a");
  });
});

describe("safeNextPath on any input", () => {
  // Pieces that URL parsers treat specially, so generated paths hit dot segments, encoded
  // slashes and dots, backslashes, control characters and scheme-like prefixes often.
  const piece = fc.constantFrom("/", "//", ".", "..", "%2e", "%2E", "%2f", "%5c", "\\", "\t", "\n", "\r", " ", "?", "#", "@", ":", "evil.example", "https:", "javascript:", "login", "a", "%", "%00", "\u3002", "\uff0f", "\u2215");
  const input = fc.oneof(
    fc.string({ unit: "binary", maxLength: 60 }),
    fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
    fc.array(piece, { maxLength: 12 }).map((parts) => `/${parts.join("")}`),
  );
  const bases = ["https://turnout.example/", "https://turnout.example/projects/demo/settings?tab=1#x", "http://10.0.0.5:3000/login?next=%2F"];

  it("yields a same-origin path that a browser resolves on this origin, to itself", () => {
    fc.assert(
      fc.property(input, (value) => {
        const path = safeNextPath(value);
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//") || path.startsWith("/\\")).toBe(false);
        expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        for (const base of bases) {
          const resolved = new URL(path, base);
          expect(resolved.origin).toBe(new URL(base).origin);
          expect(`${resolved.pathname}${resolved.search}${resolved.hash}`).toBe(path);
        }
        // Stable: what it returns is itself accepted unchanged (or is the home page).
        expect(safeNextPath(path)).toBe(path);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("loginPathFor", () => {
  it("carries the path in next, but not a bare home page", () => {
    expect(loginPathFor("/projects/demo/settings")).toBe("/login?next=%2Fprojects%2Fdemo%2Fsettings");
    expect(loginPathFor("/")).toBe("/login");
    expect(loginPathFor("//evil.example")).toBe("/login");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dotSegment, normalizeRestPath } from "./request-path";
import { upstreamPath } from "./request-target";

const refused = (code: string) => expect.objectContaining({ code });

describe("normalizeRestPath", () => {
  it("returns an ordinary path unchanged", () => {
    for (const path of ["", "/", "/predict", "/v1/models/m:predict", "/a/b/", "/model.json", "/a/.hidden", "/a/...", "/a/..b", "/a%20b", "/org%2Fname/x"]) {
      expect(normalizeRestPath(path)).toBe(path);
    }
  });

  it("removes dot segments that stay inside the path (RFC 3986 §5.2.4)", () => {
    expect(normalizeRestPath("/a/./b")).toBe("/a/b");
    expect(normalizeRestPath("/a/b/../c")).toBe("/a/c");
    expect(normalizeRestPath("/a/b/..")).toBe("/a/");
    expect(normalizeRestPath("/a/.")).toBe("/a/");
    expect(normalizeRestPath("/a/..")).toBe("/");
    expect(normalizeRestPath("/.")).toBe("/");
    expect(normalizeRestPath("/a/b/../../c/")).toBe("/c/");
  });

  it("refuses dot segments that climb above the start of the path", () => {
    for (const path of ["/..", "/../../admin", "/a/../../admin", "/../a", "/a/b/../../.."]) expect(normalizeRestPath(path)).toEqual(refused("path_escapes_route"));
  });

  it("reads %2e as a dot in a dot segment, in any case", () => {
    expect(normalizeRestPath("/%2e%2e/%2E%2E/admin")).toEqual(refused("path_escapes_route"));
    expect(normalizeRestPath("/.%2e/admin")).toEqual(refused("path_escapes_route"));
    expect(normalizeRestPath("/%2e./admin")).toEqual(refused("path_escapes_route"));
    expect(normalizeRestPath("/a/%2e/b")).toBe("/a/b");
    expect(normalizeRestPath("/a/b/%2E%2e/c")).toBe("/a/c");
    // Not a dot segment: the dots are only part of the name.
    expect(normalizeRestPath("/a%2e%2e")).toBe("/a%2e%2e");
  });

  it("reads a backslash as a slash", () => {
    expect(normalizeRestPath("/..\\..\\admin")).toEqual(refused("path_escapes_route"));
    expect(normalizeRestPath("\\a\\b")).toBe("/a/b");
    expect(normalizeRestPath("/a\\..\\b")).toBe("/b");
  });

  it("merges empty segments, so that no path starts with //host", () => {
    expect(normalizeRestPath("//host/x")).toBe("/host/x");
    expect(normalizeRestPath("/a//b///c")).toBe("/a/b/c");
    expect(normalizeRestPath("/a//")).toBe("/a/");
    expect(normalizeRestPath("//")).toBe("/");
    expect(normalizeRestPath("\\\\host\\x")).toBe("/host/x");
    // Merged before the dots are resolved: `..` never pops an empty segment.
    expect(normalizeRestPath("/a//../../admin")).toEqual(refused("path_escapes_route"));
  });

  it("refuses a dot segment hidden behind an encoded slash or backslash", () => {
    for (const path of ["/..%2Fadmin", "/a/..%2f..%2fadmin", "/%2e%2e%5cadmin", "/x%2F..", "/x%5C.%5Cy"]) expect(normalizeRestPath(path)).toEqual(refused("ambiguous_path"));
    expect(normalizeRestPath("/org%2Fname/%5Cx")).toBe("/org%2Fname/%5Cx");
  });

  it("recognises every spelling of a dot segment and nothing else", () => {
    for (const s of [".", "%2e", "%2E"]) expect(dotSegment(s)).toBe(1);
    for (const s of ["..", ".%2e", "%2e.", "%2E%2e", "%2e%2E", ".%2E"]) expect(dotSegment(s)).toBe(2);
    for (const s of ["", "...", "a.", ".a", "%2e%2e%2e", "%2f", "%252e", "%2e%2"]) expect(dotSegment(s)).toBe(0);
  });
});

/** Tokens that make paths interesting: separators, dots in every spelling, encoded separators. */
const token = fc.constantFrom("/", "/", "/", "\\", ".", "..", "%2e", "%2E", "%2f", "%2F", "%5c", "a", "b", "models", "-", "_", "~", ":", "@", "%41", "%");
const restArb = fc.array(token, { maxLength: 24 }).map((tokens) => tokens.join(""));
const baseArb = fc.constantFrom("", "/base", "/v1/models/m", "/a/b/c");

function segments(path: string): string[] {
  return path.split("/").slice(1);
}

describe("normalizeRestPath (properties)", () => {
  it("forwards a path that starts with the route's base path and holds no dot segment, or refuses it", () => {
    fc.assert(
      fc.property(baseArb, restArb, (base, raw) => {
        const rest = raw.length === 0 ? "" : `/${raw}`;
        const result = normalizeRestPath(rest);
        if (typeof result !== "string") return;
        const forwarded = upstreamPath(base, "", result, "");
        expect(forwarded.startsWith(base === "" ? "/" : `${base}/`) || forwarded === base).toBe(true);
        expect(forwarded).not.toContain("\\");
        expect(forwarded.slice(base.length)).not.toMatch(/\/\//);
        for (const segment of segments(forwarded)) {
          expect(dotSegment(segment)).toBe(0);
          // Nor for a backend that decodes %2F and %5C.
          for (const piece of segment.split(/%2f|%5c/i)) expect(dotSegment(piece)).toBe(0);
        }
        // Normalising twice changes nothing.
        expect(normalizeRestPath(result)).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with a WHATWG URL parser wherever that parser stays inside the base path", () => {
    fc.assert(
      fc.property(baseArb, restArb, (base, raw) => {
        const rest = `/${raw}`;
        const whatwg = new URL(`http://backend.test${base}${rest}`).pathname;
        const result = normalizeRestPath(rest);
        // Where the parser ends up outside the base path, the gateway refuses.
        if (!(whatwg === base || whatwg.startsWith(`${base}/`))) expect(typeof result).toBe("object");
        // Where there are no empty segments to merge and no encoded separators, both read the path alike.
        const plain = !/[/\\]{2}/.test(rest) && !/%2f|%5c/i.test(rest) && !/%(?![0-9a-fA-F]{2})/.test(rest);
        if (typeof result === "string" && plain) expect(upstreamPath(base, "", result, "")).toBe(whatwg);
        // A parser reading what the gateway forwards finds nothing left to resolve.
        if (typeof result === "string") {
          const forwarded = upstreamPath(base, "", result, "");
          if (!/%(?![0-9a-fA-F]{2})/.test(forwarded)) expect(new URL(`http://backend.test${forwarded}`).pathname).toBe(forwarded);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pathDecodes, undecodablePathAnswer } from "./path-encoding";

describe("paths whose escapes are not text", () => {
  it.each([
    ["/api/v1/projects/p/routers/%FF", false],
    ["/api/v1/projects/p/routers/%ED%A0%80/traffic", false],
    ["/projects/%E0%A4%A", false],
    ["/projects/%", false],
    ["/api/v1/projects/p/routers/r?q=%FF", true],
    ["/projects/caf%C3%A9", true],
    ["/projects/%00", true],
    ["/", true],
  ])("%s decodes: %s", (target, ok) => {
    expect(pathDecodes(target)).toBe(ok);
  });

  it("answers a problem under /api and text for pages", () => {
    expect(undecodablePathAnswer("/api/v1/projects/%FF")).toMatchObject({ status: 400, headers: { "content-type": "application/problem+json" } });
    expect(JSON.parse(undecodablePathAnswer("/api/v1/x/%FF").body)).toMatchObject({ status: 400, code: "invalid_path" });
    expect(undecodablePathAnswer("/projects/%FF").headers["content-type"]).toMatch(/^text\/plain/);
  });

  it("agrees with decodeURIComponent on any path of escapes and text, and never throws", () => {
    const piece = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, "0")}`), fc.constant("%"), fc.constant("/"));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (pieces) => {
        const path = `/${pieces.join("").replace(/[?#]/g, "")}`;
        let expected = true;
        try {
          decodeURIComponent(path);
        } catch {
          expected = false;
        }
        expect(pathDecodes(path)).toBe(expected);
      }),
    );
  });
});

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
  ])("falls back to the home page for %j", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it("takes the first of repeated parameters", () => {
    expect(safeNextPath(["/a", "/b"])).toBe("/a");
  });
});

describe("loginPathFor", () => {
  it("carries the path in next, but not a bare home page", () => {
    expect(loginPathFor("/projects/demo/settings")).toBe("/login?next=%2Fprojects%2Fdemo%2Fsettings");
    expect(loginPathFor("/")).toBe("/login");
    expect(loginPathFor("//evil.example")).toBe("/login");
  });
});

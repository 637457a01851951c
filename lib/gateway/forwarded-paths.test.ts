/**
 * The path a real backend receives: normalised, inside the route's base path, or refused
 * with a 400 before anything is forwarded. Requests are written on raw sockets: HTTP client
 * libraries normalise paths themselves.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC } from "./metrics";
import { dotSegment } from "./request-path";
import { echo, startBackend, type Backend, type ReceivedRequest } from "./test-support/backends";
import { eventually, rawExchange, type RawReply } from "./test-support/client";
import { documentOf, metricValue, startStaticGateway, type RunningGateway } from "./test-support/static-gateway";

let backend: Backend;
let shadow: Backend;
let g: RunningGateway;
let port: number;

beforeAll(async () => {
  backend = await startBackend(echo);
  shadow = await startBackend(echo);
  g = await startStaticGateway([
    { project: "p", document: documentOf("r", [{ name: "main", url: `${backend.url}/base` }]) },
    { project: "p", document: documentOf("root", [{ name: "main", url: backend.url }]) },
    {
      project: "p",
      document: documentOf("mirrored", [
        { name: "main", url: `${backend.url}/base` },
        { name: "shadow", url: `${shadow.url}/shadow-base` },
      ], { defaultRule: { strategy: "random", split: [{ route: "main", weight: 100 }], shadows: [{ route: "shadow", percent: 100 }] } }),
    },
  ]);
  port = Number(new URL(g.url).port);
});

afterAll(async () => {
  await g.close();
  await Promise.all([backend.close(), shadow.close()]);
});

function get(target: string): Promise<RawReply> {
  return rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n`);
}

/** The URL the backend received for a request the gateway forwarded. */
function received(reply: RawReply): string {
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as ReceivedRequest).url;
}

describe("forwarded paths", () => {
  it.each([
    ["/p/r/a/../b?x=1", "/base/b?x=1"],
    ["/p/r/a/./b/", "/base/a/b/"],
    ["/p/r/a/b/%2e%2E/c", "/base/a/c"],
    ["/p/r/a\\..\\b", "/base/b"],
    ["/p/r//host/x", "/base/host/x"],
    ["/p/r/a//b", "/base/a/b"],
    ["/p/r/.", "/base/"],
    ["/p/r/org%2Fname/predict", "/base/org%2Fname/predict"],
    ["/p/r/model.json", "/base/model.json"],
    ["/p/r", "/base"],
    ["/p/root//evil.test/x", "/evil.test/x"],
    ["/p/root/\\\\evil.test\\x", "/evil.test/x"],
    ["/p/root", "/"],
  ])("forwards %s as %s", async (target, expected) => {
    expect(received(await get(target))).toBe(expected);
  });

  it.each([
    ["/p/r/../../admin", "path_escapes_route"],
    ["/p/r/..", "path_escapes_route"],
    ["/p/r/a/../../admin", "path_escapes_route"],
    ["/p/r/..\\..\\admin", "path_escapes_route"],
    ["/p/r/%2e%2e/%2E%2E/admin", "path_escapes_route"],
    ["/p/r/.%2e/admin", "path_escapes_route"],
    ["/p/r/a//../../admin", "path_escapes_route"],
    ["/p/r/..%2Fadmin", "ambiguous_path"],
    ["/p/r/%2e%2e%5Cadmin", "ambiguous_path"],
    ["/p/../admin/x", "invalid_path"],
    ["/./p/r/x", "invalid_path"],
    ["/%2e%2e/p/r/x", "invalid_path"],
    ["/p/%2E/r", "invalid_path"],
  ])("refuses %s with 400 %s and forwards nothing", async (target, code) => {
    const before = backend.received.length;
    const reply = await get(target);
    expect(reply.status).toBe(400);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(reply.body) as { code: string; detail: string; message: string };
    expect(problem.code).toBe(code);
    expect(problem.message).toBe(problem.detail);
    expect(backend.received.length).toBe(before);
  });

  it("counts a refused path under its router", async () => {
    await get("/p/r/../../../etc/passwd");
    expect(await metricValue(g.gateway, METRIC.requests, { project: "p", router: "r", route: "", status: "400" })).toBeGreaterThanOrEqual(1);
  });

  it("sends shadows the same normalised path", async () => {
    expect(received(await get("/p/mirrored/a/../b//c"))).toBe("/base/b/c");
    expect(await eventually(() => shadow.received.some((r) => r.url === "/shadow-base/b/c"), 2_000)).toBe(true);
  });
});

/** Path pieces that make trouble: separators, dots in every spelling, encoded separators. */
const piece = fc.constantFrom("/", "/", "/", "\\", ".", "..", "%2e", "%2E", "%2f", "%5C", "a", "b", "admin", "%41", ";", "~");

describe("forwarded paths (property)", () => {
  it("for any path, the backend receives one inside the route's base path with no dot segment, or nothing (400)", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 16 }), fc.boolean(), async (pieces, withQuery) => {
        const rest = pieces.join("");
        const before = backend.received.length;
        const reply = await get(`/p/r/${rest}${withQuery ? "?q=../x" : ""}`);
        if (reply.status === 400) {
          expect(["path_escapes_route", "ambiguous_path"]).toContain((JSON.parse(reply.body) as { code: string }).code);
          expect(backend.received.length).toBe(before);
          return;
        }
        const url = received(reply);
        const path = url.split("?")[0]!;
        expect(path === "/base" || path.startsWith("/base/")).toBe(true);
        expect(path).not.toContain("\\");
        expect(path).not.toContain("//");
        for (const segment of path.split("/")) {
          expect(dotSegment(segment)).toBe(0);
          for (const part of segment.split(/%2f|%5c/i)) expect(dotSegment(part)).toBe(0);
        }
        if (withQuery) expect(url.endsWith("?q=../x")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

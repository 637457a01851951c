/**
 * Every answer the gateway gives itself is problem+json with `message` beside `detail`
 * (clients of model-serving APIs show `message`), including requests Node's parser
 * refuses and requests refused before routing (RFC 9112 §3.2's Host rules, header count).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC } from "./metrics";
import { MAX_HEADER_LINES } from "./request-checks";
import { MAX_PAYLOAD_DEPTH } from "./request-body";
import { closedPort, echo, hang, startBackend, type Backend } from "./test-support/backends";
import { rawExchange } from "./test-support/client";
import { documentOf, metricValue, startStaticGateway, type RunningGateway } from "./test-support/static-gateway";

let model: Backend;
let hung: Backend;
let g: RunningGateway;
let port: number;

beforeAll(async () => {
  model = await startBackend(echo);
  hung = await startBackend(hang);
  const closed = `http://127.0.0.1:${await closedPort()}`;
  const split = (route: string, weight = 100) => ({ strategy: "random" as const, split: [{ route, weight }], shadows: [] });
  g = await startStaticGateway(
    [
      { project: "p", document: documentOf("ok", [{ name: "m", url: model.url }]) },
      {
        project: "p",
        document: documentOf("reads", [{ name: "m", url: model.url }], {
          rules: [{ name: "gold", conditions: [{ source: "payload", key: "tier", operator: "in", values: ["gold"] }], ...split("m") }],
        }),
      },
      { project: "p", document: documentOf("keyed", [{ name: "m", url: model.url }], { settings: { missingKey: "reject" }, defaultRule: { ...split("m"), strategy: "sticky" } }) },
      { project: "p", document: documentOf("down", [{ name: "m", url: closed }]) },
      { project: "p", document: documentOf("slow", [{ name: "m", url: hung.url, timeoutMs: 200 }]) },
      { project: "p", document: documentOf("unmatched", [{ name: "m", url: model.url }], { defaultRule: undefined, rules: [{ name: "never", conditions: [{ source: "header", key: "x-never", operator: "in", values: ["1"] }], ...split("m") }] }) },
      { project: "p", document: documentOf("weightless", [{ name: "m", url: model.url }], { defaultRule: split("m", 0) }) },
      { project: "p", document: documentOf("dangling", [{ name: "m", url: model.url }], { defaultRule: split("gone") }) },
    ],
    { maxBodyBytes: 64 * 1024 },
  );
  port = Number(new URL(g.url).port);
});

afterAll(async () => {
  await g.close();
  await Promise.all([model.close(), hung.close()]);
});

function request(target: string, headers: string[] = ["Host: gateway.test"], body = "", method = body ? "POST" : "GET"): string {
  const framing = body ? [`Content-Length: ${Buffer.byteLength(body)}`] : [];
  return `${method} ${target} HTTP/1.1\r\n${[...headers, ...framing, "Connection: close"].join("\r\n")}\r\n\r\n${body}`;
}

const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const manyHeaders = Array.from({ length: MAX_HEADER_LINES }, (_, i) => `x-h${i}: ${i}`);

describe("error answers", () => {
  it.each([
    ["a missing sticky key", 400, "missing_key", request("/p/keyed/x")],
    ["a path escaping the route", 400, "path_escapes_route", request("/p/ok/../../admin")],
    ["a dot segment for the router", 400, "invalid_path", request("/p/../admin")],
    ["a payload nested too deep", 400, "payload_too_deep", request("/p/reads/x", undefined, deep(10_000))],
    ["two Host headers", 400, "duplicate_host", request("/p/ok/x", ["Host: a.test", "Host: b.test"])],
    ["two Host headers, any case", 400, "duplicate_host", request("/p/ok/x", ["host: a.test", "HOST: a.test"])],
    ["no Host header in HTTP/1.1", 400, "missing_host", request("/p/ok/x", [])],
    ["an invalid Host value", 400, "invalid_host", request("/p/ok/x", ["Host: a.test b.test"])],
    ["two Host headers on /healthz", 400, "duplicate_host", request("/healthz", ["Host: a.test", "Host: b.test"])],
    ["too many header lines", 431, "too_many_headers", request("/p/ok/x", ["Host: gateway.test", ...manyHeaders])],
    ["headers over Node's size limit", 431, "headers_too_large", request(`/p/ok/${"a".repeat(20_000)}`)],
    ["a malformed request line", 400, "malformed_request", "GARBAGE\r\n\r\n"],
    ["two different Content-Lengths", 400, "malformed_request", "POST /p/ok/x HTTP/1.1\r\nHost: g\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"],
    ["Content-Length with chunked", 400, "malformed_request", "POST /p/ok/x HTTP/1.1\r\nHost: g\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"],
    ["an unknown router", 404, "unknown_router", request("/p/nope/x")],
    ["a path that names no router", 404, "not_found", request("/nothing")],
    ["a request no rule matches, without a default rule", 404, "no_matching_rule", request("/p/unmatched/x")],
    ["a body over the limit", 413, "body_too_large", request("/p/reads/x", undefined, "x".repeat(64 * 1024 + 1))],
    ["a route that cannot be reached", 502, "upstream_unavailable", request("/p/down/x")],
    ["a split with no positive weight", 503, "no_route", request("/p/weightless/x")],
    ["a rule sending to an undefined route", 503, "unknown_route", request("/p/dangling/x")],
    ["a route that does not answer in time", 504, "upstream_timeout", request("/p/slow/x")],
  ])("%s: %i %s as problem+json with a message", async (_, status, code, raw) => {
    const reply = await rawExchange(port, raw);
    expect(reply.status).toBe(status);
    expect(reply.headers["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(reply.body) as Record<string, unknown>;
    expect(problem).toMatchObject({ type: `urn:turnout:problem:${code}`, status, code });
    expect(typeof problem.title).toBe("string");
    expect(typeof problem.detail).toBe("string");
    expect((problem.detail as string).length).toBeGreaterThan(10);
    expect(problem.message).toBe(problem.detail);
  });

  it("accepts a payload nested exactly as deep as the limit, and HTTP/1.0 without Host", async () => {
    const atLimit = await rawExchange(port, request("/p/reads/x", undefined, deep(MAX_PAYLOAD_DEPTH)));
    expect(atLimit.status).toBe(200);
    const http10 = await rawExchange(port, "GET /p/ok/x HTTP/1.0\r\n\r\n");
    expect(http10.status).toBe(200);
    const allowed = await rawExchange(port, request("/p/ok/x", ["Host: gateway.test", ...manyHeaders.slice(2)]));
    expect(allowed.status).toBe(200);
  });

  it("counts requests refused before routing by reason", async () => {
    expect(await metricValue(g.gateway, METRIC.refusedRequests, { reason: "duplicate_host" })).toBeGreaterThanOrEqual(2);
    expect(await metricValue(g.gateway, METRIC.refusedRequests, { reason: "malformed_request" })).toBeGreaterThanOrEqual(3);
    expect(await metricValue(g.gateway, METRIC.refusedRequests, { reason: "headers_too_large" })).toBeGreaterThanOrEqual(1);
  });
});

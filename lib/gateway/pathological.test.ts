/**
 * Pathological requests, written byte for byte on raw sockets: odd paths and queries, many
 * or repeated headers, bodies nested deep, unbalanced, binary, around the size limit, with
 * either framing. Whatever arrives, the gateway answers — never with a 5xx of its own (the
 * backends are up, so no 502/504 is expected either) — and whatever it forwards stays inside
 * the route's base path.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC } from "./metrics";
import { dotSegment } from "./request-path";
import { echo, startBackend, type Backend, type ReceivedRequest } from "./test-support/backends";
import { rawExchange, type RawReply } from "./test-support/client";
import { documentOf, startStaticGateway, type RunningGateway } from "./test-support/static-gateway";

const MAX_BODY = 16 * 1024;

let model: Backend;
let shadow: Backend;
let g: RunningGateway;
let port: number;

beforeAll(async () => {
  model = await startBackend(echo);
  shadow = await startBackend(echo);
  const main = { name: "main", url: `${model.url}/base` };
  const random = { strategy: "random" as const, split: [{ route: "main", weight: 100 }], shadows: [] };
  g = await startStaticGateway(
    [
      { project: "p", document: documentOf("plain", [main]) },
      {
        project: "p",
        document: documentOf("reads", [main], {
          settings: { keySources: [{ source: "payload", key: "user.id" }, { source: "query", key: "uid" }, { source: "header", key: "x-shard-key" }], missingKey: "random", allowPin: true },
          rules: [
            { name: "gold", conditions: [{ source: "payload", key: "user.tier", operator: "in", values: ["gold"] }], ...random },
            { name: "deep", conditions: [{ source: "payload", key: "a.a.a.[0].a", operator: "present", values: [] }], ...random },
            { name: "beta", conditions: [{ source: "query", key: "beta", operator: "regex", values: ["(a|aa)*b"] }], ...random },
            { name: "agent", conditions: [{ source: "header", key: "user-agent", operator: "contains", values: ["bot"] }], ...random },
          ],
          defaultRule: { ...random, strategy: "sticky" },
        }),
      },
      { project: "p", document: documentOf("keyed", [main], { settings: { missingKey: "reject" }, defaultRule: { ...random, strategy: "sticky" } }) },
      {
        project: "p",
        document: documentOf("mirrors", [main, { name: "shadow", url: `${shadow.url}/base` }], {
          defaultRule: { ...random, shadows: [{ route: "shadow", percent: 100 }] },
        }),
      },
    ],
    { maxBodyBytes: MAX_BODY },
  );
  port = Number(new URL(g.url).port);
});

afterAll(async () => {
  await g.close();
  await Promise.all([model.close(), shadow.close()]);
});

const piece = fc.constantFrom("/", "/", "/", "\\", ".", "..", "%2e", "%2F", "%5c", "%", "%zz", "%00", "a", "predict", "#", ";", "~", "'", '"', "<", "{", "|", "^", "`");
const restArb = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 24 }).map((p) => `/${p.join("")}`) },
  { weight: 1, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12_000 }).map((n) => "/a".repeat(n)) },
);
const queryArb = fc.oneof(
  fc.constant(""),
  fc
    .array(fc.constantFrom("beta=aab", "beta=" + "a".repeat(500) + "c", "uid=u1", "__proto__=1", "constructor=x", "a[]=1", "%", "%zz=1", "=", "&", "x=%E0%A4%A", "uid="), { maxLength: 40 })
    .map((q) => `?${q.join("&")}`),
  fc.integer({ min: 1, max: 3_000 }).map((n) => `?${"k=v&".repeat(n)}`),
);
const targetArb = fc
  .tuple(
    fc.oneof({ weight: 6, arbitrary: fc.constant("p") }, { weight: 1, arbitrary: fc.constantFrom("..", ".", "%2e", "nope", "") }),
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom("plain", "reads", "keyed", "mirrors") }, { weight: 1, arbitrary: fc.constantFrom("..", "x", "") }),
    restArb,
    queryArb,
  )
  .map(([project, router, rest, query]) => `/${project}/${router}${rest}${query}`);

const headerArb = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      "X-Shard-Key: k1",
      "x-shard-key:",
      "X-Turnout-Route: main",
      "X-Turnout-Route: http://127.0.0.1:1/",
      "Content-Type: application/json",
      "Connection: keep-alive, x-a",
      "X-A: 1",
      "User-Agent: a-bot",
      "X-Forwarded-For: 10.0.0.1",
      "TE: trailers",
      "Upgrade: websocket",
      "Proxy-Authorization: Basic eA==",
      "Keep-Alive: timeout=1",
      "Expect: 100-continue",
      "Accept: */*",
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/), fc.string({ unit: fc.constantFrom("a", "b", " ", ";", ",", "=", '"', "\t"), maxLength: 40 }))
      .map(([name, value]) => `${name}: ${value}`),
  },
  // Header lines Node's parser refuses, or that contradict the framing.
  { weight: 1, arbitrary: fc.constantFrom("X-Null: a\u0000b", "X-Del: \u007f", "Bad Name: x", "Transfer-Encoding: gzip", "Host: second.test", "Content-Length: 0") },
);

const bodyArb: fc.Arbitrary<Buffer | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 6 }).map((j) => Buffer.from(j)) },
  { weight: 1, arbitrary: fc.record({ user: fc.record({ id: fc.string(), tier: fc.constantFrom("gold", "silver") }) }).map((v) => Buffer.from(JSON.stringify(v))) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 8_000 }).map((d) => Buffer.from(`${"[".repeat(d)}${"]".repeat(d)}`)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((d) => Buffer.from(`${'{"a":'.repeat(d)}[{"a":1}]${"}".repeat(d)}`)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 8_000 }).map((d) => Buffer.from("[{".repeat(d))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_BODY - 50, max: MAX_BODY + 50 }).map((n) => Buffer.alloc(n, 0x5b)) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_BODY + 1, max: 3 * MAX_BODY }).map((n) => Buffer.alloc(n, 97)) },
);

const requestArb = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
  target: targetArb,
  hosts: fc.constantFrom(0, 1, 1, 1, 1, 1, 1, 1, 1, 2),
  headers: fc.array(headerArb, { maxLength: 6 }),
  filler: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 160 }) }),
  body: bodyArb,
  chunked: fc.boolean(),
  chunkSize: fc.integer({ min: 1, max: 8192 }),
});

type PathologicalRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function encode(r: PathologicalRequest): Buffer {
  const lines = [`${r.method} ${r.target} HTTP/1.1`];
  for (let i = 0; i < r.hosts; i++) lines.push(`Host: gateway-${i}.test`);
  lines.push(...r.headers);
  for (let i = 0; i < r.filler; i++) lines.push(`x-filler-${i}: ${i}`);
  lines.push("Connection: close");
  const parts: Buffer[] = [];
  if (r.body !== null && !r.chunked) lines.push(`Content-Length: ${r.body.length}`);
  if (r.body !== null && r.chunked) {
    lines.push("Transfer-Encoding: chunked");
    for (let at = 0; at < r.body.length; at += r.chunkSize) {
      const chunk = r.body.subarray(at, at + r.chunkSize);
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
    }
    parts.push(Buffer.from("0\r\n\r\n"));
  } else if (r.body !== null) parts.push(r.body);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), ...parts]);
}

function checkReply(r: PathologicalRequest, reply: RawReply): void {
  expect(reply.status, "the gateway answers").not.toBeNull();
  expect(reply.status!, "no 5xx").toBeLessThan(500);
  if (r.method === "HEAD") return;
  if (reply.headers["content-type"] === "application/problem+json") {
    const problem = JSON.parse(reply.body) as { detail: string; message: string };
    expect(problem.message).toBe(problem.detail);
  } else if (reply.headers["x-turnout-route"] !== undefined) {
    const path = (JSON.parse(reply.body) as ReceivedRequest).url.split("?")[0]!;
    expect(path === "/base" || path.startsWith("/base/"), path).toBe(true);
    expect(path).not.toMatch(/\/\/|\\/);
    for (const segment of path.split("/")) expect(dotSegment(segment)).toBe(0);
  }
}

describe("pathological requests", () => {
  it("never get a 5xx from the gateway, and never leave the route's base path", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => checkReply(r, await rawExchange(port, encode(r)))),
      { numRuns: 400 },
    );
    const requests = await g.gateway.metrics.registry.getSingleMetric(METRIC.requests)!.get();
    const fivexx = requests.values.filter((v) => Number(v.labels.status) >= 500 && v.value > 0);
    expect(fivexx).toEqual([]);
  });

  it.each([
    ["a chunk size that is not hex", "zz\r\nab\r\n0\r\n\r\n"],
    ["a chunk longer than announced", "2\r\nabcdef\r\n0\r\n\r\n"],
    ["a body cut short", "ff\r\nab"],
  ])("a broken chunked body (%s) never ends in a 5xx for the route", async (_, body) => {
    for (const router of ["plain", "reads", "mirrors"]) {
      const reply = await rawExchange(port, `POST /p/${router}/x HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body}`, 3_000);
      if (reply.status !== null) expect(reply.status).toBeLessThan(500);
    }
    const requests = await g.gateway.metrics.registry.getSingleMetric(METRIC.requests)!.get();
    expect(requests.values.filter((v) => Number(v.labels.status) >= 500 && v.value > 0)).toEqual([]);
  });
});

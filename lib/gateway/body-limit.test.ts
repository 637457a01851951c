/**
 * The body limit applies to bodies the gateway reads (payload rules and keys, shadows), the
 * same whether the body comes with a Content-Length or chunked; any other body streams
 * through whatever its size.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_DEFAULTS } from "./gateway";
import { METRIC } from "./metrics";
import { startBackend, type Backend, type BackendHandler } from "./test-support/backends";
import { TestClient } from "./test-support/client";
import { documentOf, metricValue, startStaticGateway, type RunningGateway } from "./test-support/static-gateway";

const client = new TestClient();
/** Answers with the size and digest of the body it received. */
const digest: BackendHandler = (request, res) => {
  const body = JSON.stringify({ length: Buffer.byteLength(request.body), sha256: createHash("sha256").update(request.body).digest("hex") });
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
};

const big = Buffer.alloc(2 * 1024 * 1024);
for (let i = 0; i < big.length; i++) big[i] = 97 + (i % 26);
const bigDigest = { length: big.length, sha256: createHash("sha256").update(big).digest("hex") };

async function* chunked(body: Buffer, size = 256 * 1024): AsyncIterable<Buffer> {
  for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
}

const framings = [
  ["Content-Length", () => big],
  ["chunked", () => chunked(big)],
] as const;

let primary: Backend;
let shadow: Backend;
let g: RunningGateway;

beforeAll(async () => {
  primary = await startBackend(digest);
  shadow = await startBackend(digest);
  const routes = [{ name: "main", url: primary.url }];
  g = await startStaticGateway([
    { project: "p", document: documentOf("streams", routes) },
    {
      project: "p",
      document: documentOf("reads", routes, {
        rules: [{ name: "gold", conditions: [{ source: "payload", key: "tier", operator: "in", values: ["gold"] }], strategy: "random", split: [{ route: "main", weight: 100 }], shadows: [] }],
      }),
    },
    {
      project: "p",
      document: documentOf("mirrors", [...routes, { name: "shadow", url: shadow.url }], {
        defaultRule: { strategy: "random", split: [{ route: "main", weight: 100 }], shadows: [{ route: "shadow", percent: 100 }] },
      }),
    },
  ]);
  expect(big.length).toBeGreaterThan(GATEWAY_DEFAULTS.maxBodyBytes);
});

afterAll(async () => {
  await g.close();
  await Promise.all([primary.close(), shadow.close(), client.close()]);
});

describe("a body over the limit", () => {
  it.each(framings)("streams through a router that does not read it (%s)", async (_, body) => {
    const reply = await client.send(`${g.url}/p/streams/upload`, { method: "PUT", body: body() });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual(bigDigest);
  });

  it.each(framings)("gets 413 from a router that reads it, and reaches no backend (%s)", async (_, body) => {
    const before = primary.received.length;
    const reply = await client.send(`${g.url}/p/reads/score`, { body: body() });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ code: "body_too_large", status: 413 });
    expect(primary.received.length).toBe(before);
  });

  it.each(framings)("streams to the primary of a mirroring router and drops its shadows (%s)", async (_, body) => {
    const dropped = await metricValue(g.gateway, METRIC.shadowRequests, { router: "mirrors", outcome: "dropped" });
    const reply = await client.send(`${g.url}/p/mirrors/upload`, { body: body() });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual(bigDigest);
    expect(await metricValue(g.gateway, METRIC.shadowRequests, { router: "mirrors", outcome: "dropped" })).toBe(dropped + 1);
    expect(shadow.received.length).toBe(0);
  });

  it("is read up to the limit by a router that reads it", async () => {
    const body = JSON.stringify({ tier: "gold", pad: "x".repeat(GATEWAY_DEFAULTS.maxBodyBytes - 100) });
    for (const framed of [body, chunked(Buffer.from(body), 64 * 1024)]) {
      const reply = await client.send(`${g.url}/p/reads/score`, { body: framed });
      expect(reply.status).toBe(200);
      expect(reply.headers["x-turnout-rule"]).toBe("gold");
    }
  });
});

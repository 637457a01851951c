/**
 * Shadow comparison in the gateway, against real backends answering model-like JSON: the
 * same answers compared exactly, as JSON with ignored paths, and field by field with a
 * tolerance and a top-k set — and what the caller gets never changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompareSpecInput } from "../shadows/spec";
import { METRIC } from "./metrics";
import { closedPort, startBackend, type Backend, type BackendHandler } from "./test-support/backends";
import { eventually, TestClient } from "./test-support/client";
import { documentOf, metricValue, startStaticGateway, type RunningGateway } from "./test-support/static-gateway";

const client = new TestClient();

const primaryAnswer = { id: "p-1", predictions: [{ label: "cat", score: 0.9 }], top: ["a", "b", "c", "d"], meta: { latencyMs: 12 } };

/** What the shadow answers to each case (the primary always answers `primaryAnswer`). */
const SHADOW_ANSWERS: Record<string, { status?: number; body: string }> = {
  // Key order, the id and the latency differ; the score is within 0.01; top-3 in another order.
  within: { body: JSON.stringify({ meta: { latencyMs: 40 }, top: ["c", "a", "b", "z"], predictions: [{ score: 0.905, label: "cat" }], id: "s-9" }) },
  // Only key order, the id and the latency differ.
  reordered: { body: JSON.stringify({ meta: { latencyMs: 3 }, id: "s-2", top: ["a", "b", "c", "d"], predictions: [{ score: 0.9, label: "cat" }] }) },
  beyond: { body: JSON.stringify({ ...primaryAnswer, predictions: [{ label: "cat", score: 0.8 }] }) },
  "top-beyond": { body: JSON.stringify({ ...primaryAnswer, top: ["a", "b", "x", "c"] }) },
  html: { body: "<html>busy</html>" },
  failing: { status: 500, body: JSON.stringify(primaryAnswer) },
};

const answer =
  (pick: (name: string) => { status?: number; body: string }): BackendHandler =>
  (request, res) => {
    const { status = 200, body } = pick(request.url.split("/").pop()!);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

const FIELDS: CompareSpecInput = {
  mode: "fields",
  fields: [{ path: "predictions.0.label" }, { path: "predictions.0.score", tolerance: { absolute: 0.01, relative: 0.05 } }, { path: "top", topK: 3 }],
};
const JSON_MODE: CompareSpecInput = { mode: "json", ignore: ["id", "meta.latencyMs"] };

let primary: Backend;
let shadow: Backend;
let running: RunningGateway;
const gatewayWith = (extra: Parameters<typeof startStaticGateway>[1] = {}) =>
  startStaticGateway(
    [
      {
        project: "p",
        document: documentOf(
          "compared",
          [
            { name: "primary", url: primary.url },
            { name: "by-fields", url: shadow.url },
            { name: "as-json", url: shadow.url },
            { name: "exact", url: shadow.url },
          ],
          {
            defaultRule: {
              strategy: "random",
              split: [{ route: "primary", weight: 100 }],
              shadows: [
                { route: "by-fields", percent: 100, compare: FIELDS },
                { route: "as-json", percent: 100, compare: JSON_MODE },
                { route: "exact", percent: 100 },
              ],
            },
          },
        ),
      },
    ],
    extra,
  );

beforeAll(async () => {
  primary = await startBackend(answer(() => ({ body: JSON.stringify(primaryAnswer) })));
  shadow = await startBackend(answer((name) => SHADOW_ANSWERS[name] ?? { body: "{}" }));
  running = await gatewayWith();
});
afterAll(async () => {
  await running?.close();
  await primary?.close();
  await shadow?.close();
  await client.close();
});

const comparisons = (route: string, outcome: string) => metricValue(running.gateway, METRIC.shadowComparisons, { router: "compared", rule: "default", route, outcome });
const byField = (route: string, field: string) => metricValue(running.gateway, METRIC.shadowDisagreementFields, { router: "compared", rule: "default", route, field });

/** Sends `n` requests for `name` and waits until all three shadows of each have an outcome. */
async function send(name: string, n: number): Promise<void> {
  const before = await metricValue(running.gateway, METRIC.shadowComparisons, { router: "compared" });
  const replies = await client.many(n, 4, () => client.send(`${running.url}/p/compared/${name}`));
  // The caller only ever sees the primary's answer, whatever the shadows said.
  for (const reply of replies) {
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual(primaryAnswer);
  }
  expect(await eventually(async () => (await metricValue(running.gateway, METRIC.shadowComparisons, { router: "compared" })) - before === 3 * n, 5_000)).toBe(true);
}

describe("shadow comparison", () => {
  it("fields: a score within tolerance and the same top-3 in another order agree, where json and exact disagree", async () => {
    await send("within", 5);
    expect(await comparisons("by-fields", "agree")).toBe(5);
    expect(await comparisons("as-json", "disagree")).toBe(5);
    expect(await byField("as-json", "predictions.0.score")).toBe(5);
    expect(await comparisons("exact", "disagree")).toBe(5);
    expect(await byField("exact", "body")).toBe(5);
  });

  it("json: key order and ignored paths never make a disagreement", async () => {
    await send("reordered", 4);
    expect(await comparisons("as-json", "agree")).toBe(4);
    expect(await comparisons("by-fields", "agree")).toBe(9);
    expect(await comparisons("exact", "disagree")).toBe(9);
  });

  it("fields: a score beyond tolerance and another top-3 set disagree, named by field", async () => {
    await send("beyond", 3);
    await send("top-beyond", 2);
    expect(await byField("by-fields", "predictions.0.score")).toBe(3);
    expect(await byField("by-fields", "top")).toBe(2);
    expect(await comparisons("by-fields", "disagree")).toBe(5);
  });

  it("a body that is not JSON is not comparable for json and fields, and differs for exact", async () => {
    await send("html", 2);
    expect(await comparisons("by-fields", "not_comparable")).toBe(2);
    expect(await comparisons("as-json", "not_comparable")).toBe(2);
    expect(await comparisons("exact", "disagree")).toBe(16);
  });

  it("a 5xx shadow disagrees on the status, even with the primary's body", async () => {
    await send("failing", 2);
    for (const route of ["by-fields", "as-json", "exact"]) expect(await byField(route, "status")).toBe(2);
  });

  it("records both latencies of each compared request and their difference", async () => {
    const labels = { router: "compared", rule: "default", route: "by-fields" };
    const compared = await comparisons("by-fields", "agree") + (await comparisons("by-fields", "disagree")) + (await comparisons("by-fields", "not_comparable"));
    expect(await metricValue(running.gateway, `${METRIC.shadowLatencyDelta}`, labels)).toBeGreaterThan(0);
    const count = async (name: string, extra: Record<string, string> = {}) => {
      const metric = await running.gateway.metrics.registry.getSingleMetric(name)!.get();
      return metric.values.filter((v) => (v as { metricName?: string }).metricName === `${name}_count` && Object.entries({ ...labels, ...extra }).every(([k, x]) => String(v.labels[k]) === x)).reduce((s, v) => s + v.value, 0);
    };
    expect(await count(METRIC.shadowLatencyDelta)).toBe(compared);
    expect(await count(METRIC.shadowComparedDuration, { side: "primary" })).toBe(compared);
    expect(await count(METRIC.shadowComparedDuration, { side: "shadow" })).toBe(compared);
    // The legacy series still adds up: every answered shadow once.
    expect(await metricValue(running.gateway, METRIC.shadowResponses, { router: "compared", route: "by-fields" })).toBe(compared);
  });
});

describe("limits and failures", () => {
  it("an answer over the comparison cap is not comparable in fields mode; exact mode compares it whole", async () => {
    const big = JSON.stringify({ ...primaryAnswer, blob: "x".repeat(300 * 1024) });
    const main = await startBackend(answer(() => ({ body: big })));
    const twin = await startBackend(answer(() => ({ body: big })));
    const g = await startStaticGateway([
      {
        project: "p",
        document: documentOf("big", [{ name: "main", url: main.url }, { name: "fields", url: twin.url }, { name: "exact", url: twin.url }], {
          defaultRule: { strategy: "random", split: [{ route: "main", weight: 100 }], shadows: [{ route: "fields", percent: 100, compare: FIELDS }, { route: "exact", percent: 100 }] },
        }),
      },
    ]);
    try {
      const reply = await client.send(`${g.url}/p/big/x`);
      expect(reply.body).toBe(big);
      const outcome = (route: string, o: string) => metricValue(g.gateway, METRIC.shadowComparisons, { router: "big", route, outcome: o });
      expect(await eventually(async () => (await outcome("fields", "not_comparable")) === 1 && (await outcome("exact", "agree")) === 1, 5_000)).toBe(true);
    } finally {
      await g.close();
      await main.close();
      await twin.close();
    }
  });

  it("a shadow that cannot be reached is shadow_failed; the primary answers as usual", async () => {
    const main = await startBackend(answer(() => ({ body: JSON.stringify(primaryAnswer) })));
    const port = await closedPort();
    const g = await startStaticGateway([
      {
        project: "p",
        document: documentOf("unreachable", [{ name: "main", url: main.url }, { name: "gone", url: `http://127.0.0.1:${port}` }], {
          defaultRule: { strategy: "random", split: [{ route: "main", weight: 100 }], shadows: [{ route: "gone", percent: 100, compare: FIELDS }] },
        }),
      },
    ]);
    try {
      const replies = await client.many(3, 3, () => client.send(`${g.url}/p/unreachable/x`));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(await eventually(async () => (await metricValue(g.gateway, METRIC.shadowComparisons, { router: "unreachable", route: "gone", outcome: "shadow_failed" })) === 3, 5_000)).toBe(true);
      expect(await metricValue(g.gateway, METRIC.shadowInFlight, { router: "unreachable", route: "gone" })).toBe(0);
    } finally {
      await g.close();
      await main.close();
    }
  });

  it("a primary that fails makes its shadows primary_failed, and they free their slots", async () => {
    const port = await closedPort();
    const twin = await startBackend(answer(() => ({ body: "{}" })));
    const g = await startStaticGateway([
      {
        project: "p",
        document: documentOf("no-primary", [{ name: "main", url: `http://127.0.0.1:${port}` }, { name: "twin", url: twin.url }], {
          defaultRule: { strategy: "random", split: [{ route: "main", weight: 100 }], shadows: [{ route: "twin", percent: 100, compare: { mode: "json" } }] },
        }),
      },
    ]);
    try {
      expect((await client.send(`${g.url}/p/no-primary/x`)).status).toBe(502);
      expect(await eventually(async () => (await metricValue(g.gateway, METRIC.shadowComparisons, { router: "no-primary", outcome: "primary_failed" })) === 1, 5_000)).toBe(true);
      expect(await metricValue(g.gateway, METRIC.shadowInFlight, { router: "no-primary", route: "twin" })).toBe(0);
    } finally {
      await g.close();
      await twin.close();
    }
  });

  it("a gateway refuses a version whose comparison is unusable, and counts it", async () => {
    const lines: string[] = [];
    const g = await startStaticGateway(
      [
        {
          project: "p",
          document: documentOf("bad", [{ name: "a", url: primary.url }, { name: "b", url: shadow.url }], {
            defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [{ route: "b", percent: 100, compare: { mode: "fields", fields: [{ path: "x", topK: 0 }] } }] },
          }),
        },
      ],
      { log: (line) => lines.push(line) },
    );
    try {
      expect((await client.send(`${g.url}/p/bad/x`)).status).toBe(404);
      expect(await metricValue(g.gateway, METRIC.configRejected, { project: "p", router: "bad" })).toBe(1);
      expect(lines.join("\n")).toContain("a shadow comparison is unusable: defaultRule shadows.0.compare: fields.0.topK: k must be between 1 and 1000");
    } finally {
      await g.close();
    }
  });
});

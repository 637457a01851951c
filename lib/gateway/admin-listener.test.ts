/**
 * The admin listener: /healthz in full and /metrics on their own address, a /healthz with
 * no names and no /metrics on the public one — in one process, and in the real
 * `npm run gateway` with several workers, where /metrics still sums every worker.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCacheFile } from "./cache-file";
import { METRIC } from "./metrics";
import { answerWith, closedPort, startBackend, type Backend } from "./test-support/backends";
import { eventually, rawRequest, TestClient } from "./test-support/client";
import { documentOf, startStaticGateway } from "./test-support/static-gateway";

const ROOT = path.resolve(import.meta.dirname, "../..");
const client = new TestClient();
let model: Backend;

beforeAll(async () => {
  model = await startBackend(answerWith("m"));
});

afterAll(async () => {
  await Promise.all([model.close(), client.close()]);
});

describe("without an admin listener", () => {
  it("serves /healthz in full and /metrics on the public port, unauthenticated", async () => {
    const g = await startStaticGateway([{ project: "p", document: documentOf("open", [{ name: "m", url: model.url }]) }]);
    try {
      expect(JSON.parse((await client.send(`${g.url}/healthz`)).body)).toMatchObject({ status: "ok", routers: [{ project: "p", router: "open" }] });
      expect((await client.send(`${g.url}/metrics`)).status).toBe(200);
    } finally {
      await g.close();
    }
  });
});

describe("with an admin listener", () => {
  it("keeps names and metrics off the public port", async () => {
    const g = await startStaticGateway([{ project: "p", version: 3, document: documentOf("secret-router", [{ name: "m", url: model.url }]) }]);
    try {
      const adminUrl = `http://127.0.0.1:${await g.gateway.listenAdmin(0)}`;
      expect((await client.send(`${g.url}/p/secret-router/x`)).status).toBe(200);

      const health = await client.send(`${g.url}/healthz`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toEqual({ status: "ok" });
      expect(health.body).not.toContain("secret-router");
      const metrics = await client.send(`${g.url}/metrics`);
      expect(metrics.status).toBe(404);
      expect(metrics.body).not.toContain("secret-router");

      const full = await client.send(`${adminUrl}/healthz`);
      expect(JSON.parse(full.body)).toMatchObject({ status: "ok", source: "cache", routers: [{ project: "p", router: "secret-router", version: 3 }] });
      const adminMetrics = await client.send(`${adminUrl}/metrics`);
      expect(adminMetrics.status).toBe(200);
      expect(adminMetrics.body).toContain(`${METRIC.requests}{project="p",router="secret-router",rule="default",route="m",status="200"} 1`);
      // The admin listener routes nothing.
      const routed = await client.send(`${adminUrl}/p/secret-router/x`);
      expect(routed.status).toBe(404);
      expect(JSON.parse(routed.body)).toMatchObject({ code: "not_found" });
    } finally {
      await g.close();
    }
  });
});

describe("npm run gateway --admin-port with --workers 2", () => {
  let dir: string;
  let child: ChildProcess | null = null;
  let output = "";

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "turnout-gateway-admin-"));
  });

  afterAll(async () => {
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("sums every worker's metrics on the admin port only", { timeout: 90_000 }, async () => {
    const cacheFile = path.join(dir, "cache.json");
    await writeCacheFile(cacheFile, [{ project: "p", router: "clustered", version: 5, versionId: "v5", document: documentOf("clustered", [{ name: "m", url: model.url }]) }]);
    const [port, adminPort] = [await closedPort(), await closedPort()];
    child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/gateway.ts", "--no-database", "--cache", cacheFile, "--port", String(port), "--admin-port", String(adminPort), "--workers", "2"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const publicUrl = `http://127.0.0.1:${port}`;
    const adminUrl = `http://127.0.0.1:${adminPort}`;
    expect(await eventually(() => output.includes("(2 workers)"), 60_000, 100), output).toBe(true);
    expect(output).toContain(`admin on http://127.0.0.1:${adminPort}`);

    expect(new Set(output.match(/\[gateway \d+\] serving p\/clustered/g)).size).toBe(2);

    // One connection per request: the primary deals connections to the workers in turn, so
    // each worker answers about half, and only a sum over both gives n.
    const n = 40;
    const replies = await client.many(n, 4, () => rawRequest(`${publicUrl}/p/clustered/x`, {}));
    expect(replies.every((r) => r.status === 200)).toBe(true);

    expect(JSON.parse((await client.send(`${publicUrl}/healthz`)).body)).toEqual({ status: "ok" });
    expect((await client.send(`${publicUrl}/metrics`)).status).toBe(404);
    const metrics = (await client.send(`${adminUrl}/metrics`)).body;
    expect(metrics).toContain(`${METRIC.requests}{project="p",router="clustered",rule="default",route="m",status="200"} ${n}`);
    expect(JSON.parse((await client.send(`${adminUrl}/healthz`)).body)).toMatchObject({ routers: [{ project: "p", router: "clustered", version: 5 }] });
  });
});

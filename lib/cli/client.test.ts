import http from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { turnoutInProcess } from "@/lib/testing/cli";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "turnout-client-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("before and around the server", () => {
  it("checks the files before it needs credentials, and refuses two documents for one router", async () => {
    await writeFile(path.join(dir, "twice.yaml"), "name: r\nroutes: [{ name: a, url: 'http://x' }]\n---\nname: r\nroutes: [{ name: b, url: 'http://x' }]\n");
    const env = { TURNOUT_CONFIG: path.join(dir, "absent.json") };
    const twice = await turnoutInProcess(["apply", "-f", "twice.yaml"], { cwd: dir, env });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("router r is given twice (twice.yaml (document 1) and twice.yaml (document 2))");
    const missing = await turnoutInProcess(["apply", "-f", "nope.yaml"], { cwd: dir, env });
    expect(missing.stderr).toBe("turnout: nope.yaml: cannot read: no such file\n");
    const noFile = await turnoutInProcess(["apply"], { cwd: dir, env });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("give the documents with -f FILE");
  });

  it("says when the server cannot be reached or is not Turnout", async () => {
    // A port nothing listens on: taken, then freed.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closed = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
    await new Promise((resolve) => probe.close(resolve));
    const refused = await turnoutInProcess(["get", "routers"], { env: { TURNOUT_URL: closed, TURNOUT_TOKEN: "trn_x", TURNOUT_PROJECT: "demo" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`turnout: cannot reach ${closed}: ECONNREFUSED\n`);

    const server = http.createServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const html = await turnoutInProcess(["get", "routers"], { env: { TURNOUT_URL: url, TURNOUT_TOKEN: "trn_x" } });
      expect(html.code).toBe(1);
      expect(html.stderr).toContain("the server answered 502 with text/html, not JSON: is this Turnout's address?");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

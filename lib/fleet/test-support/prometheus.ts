/**
 * A real Prometheus (Debian's `prometheus` package) for the tests: started on a free port with
 * its own temporary storage and a scrape configuration for the given targets, scraping every
 * 500 ms. `prometheusBinary()` says where it is, or null when it is not installed.
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export function prometheusBinary(): string | null {
  for (const candidate of [process.env.PROMETHEUS_PATH, "/usr/bin/prometheus", "/usr/local/bin/prometheus"]) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there; try the next.
    }
  }
  return null;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningPrometheus {
  readonly url: string;
  close(): Promise<void>;
}

export async function startPrometheus(binary: string, targets: readonly string[]): Promise<RunningPrometheus> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-prometheus-"));
  const config = [
    "global:",
    "  scrape_interval: 500ms",
    "  scrape_timeout: 400ms",
    "  evaluation_interval: 500ms",
    "scrape_configs:",
    "  - job_name: turnout-gateways",
    "    static_configs:",
    `      - targets: [${targets.map((t) => `"${t}"`).join(", ")}]`,
    "",
  ].join("\n");
  await writeFile(path.join(dir, "prometheus.yml"), config);
  const port = await freePort();
  const child = spawn(
    binary,
    [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`prometheus was not ready within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

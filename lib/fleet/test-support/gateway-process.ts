/**
 * A real gateway process (`scripts/gateway.ts` under tsx) for the fleet tests, on a port the
 * operating system picks: the port is read back from its "listening on" line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

export interface GatewayProcess {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  readonly logs: string[];
  /** SIGTERM: a clean shutdown (marked stopped in the fleet). */
  stop(): Promise<void>;
  /** SIGKILL: the process vanishes without a word (it turns stale). */
  kill(): Promise<void>;
}

export async function startGatewayProcess(databaseUrl: string, args: readonly string[] = [], timeoutMs = 60_000): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/gateway.ts", "--port", "0", "--no-cache", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, GATEWAY_PORT: "", GATEWAY_WORKERS: "" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a kill reaches tsx's child and any cluster workers.
    detached: true,
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start in ${timeoutMs} ms:\n${logs.join("\n")}`)), timeoutMs);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line === "") continue;
        logs.push(line);
        const match = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      }
    };
    child.stdout!.on("data", onLine);
    child.stderr!.on("data", onLine);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${logs.join("\n")}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
    await exited;
  };
  return { port, url: `http://127.0.0.1:${port}`, pid: child.pid!, logs, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

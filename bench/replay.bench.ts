/**
 * Replay benchmarks.
 *
 * 1. What recording costs the gateway: wrk against one gateway (a real PostgreSQL behind it)
 *    serving three identical routers that differ only in `recordPercent` — 0 (the baseline),
 *    1 and 100 — in interleaved rounds, so that the machine's drift falls on all three alike.
 * 2. Replay of 100 000 stored samples through a 100-rule router (the API's own code path:
 *    runReplay), split into loading the samples and deciding them, against the baseline of
 *    deciding the same requests once with one document.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPrisma, type Db } from "../lib/db/client";
import { freePort, startEmbeddedPostgres, withDatabase } from "../lib/db/embedded";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { compile } from "../lib/engine";
import { createProject } from "../lib/projects/repo";
import { runReplay } from "../lib/replay/run";
import { routerDocumentSchema, type RouterDocumentInput } from "../lib/router/document";
import { saveRouterDocument } from "../lib/routers/document-repo";
import { deployRouter } from "../lib/versions/repo";

const ROOT = path.resolve(import.meta.dirname, "..");
const ROUNDS = 5;
const LOAD = { threads: 2, connections: 32, seconds: 3 };
const SAMPLES = 100_000;
const RULES = 100;

const children: ChildProcess[] = [];

function installed(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function ready(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

const WRK_SCRIPT = `
local requests = {}
local count = 1000
local at = 0
function init(args)
  for k = 1, count do
    requests[k] = wrk.format("GET", nil, { ["x-user"] = "user-" .. k, ["x-tier"] = (k % 10 == 0) and "gold" or "free" }, nil)
  end
  at = math.random(count) - 1
end
function request()
  at = at % count + 1
  return requests[at]
end
`;

async function wrk(url: string, script: string): Promise<{ rps: number; errors: number }> {
  const child = spawn("wrk", ["-t", String(LOAD.threads), "-c", String(LOAD.connections), "-d", `${LOAD.seconds}s`, "-s", script, url], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  await new Promise((resolve) => child.once("exit", resolve));
  children.splice(children.indexOf(child), 1);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  if (!rps) throw new Error(`wrk output not understood:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  return { rps: Number(rps[1]), errors: Number(non2xx?.[1] ?? 0) };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function recordingDocument(name: string, recordPercent: number, backend: string): RouterDocumentInput {
  return {
    name,
    settings: { keySources: [{ source: "header", key: "x-user" }], seed: "bench", recordPercent, recordMaxPerSecond: 100_000 },
    routes: [
      { name: "a", url: backend, timeoutMs: 5000 },
      { name: "b", url: backend, timeoutMs: 5000 },
    ],
    rules: [{ name: "gold", conditions: [{ source: "header", key: "x-tier", operator: "in", values: ["gold"] }], strategy: "random", split: [{ route: "b", weight: 100 }], shadows: [] }],
    defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 90 }, { route: "b", weight: 10 }], shadows: [] },
  };
}

async function deploy(db: Db, projectId: string, doc: RouterDocumentInput): Promise<void> {
  await saveRouterDocument(db, projectId, doc);
  await deployRouter(db, projectId, doc.name, { message: "bench", author: "bench" });
}

async function gatewayThroughput(db: Db, databaseUrl: string, projectId: string, dir: string): Promise<string> {
  const title = "### Gateway throughput with recording (wrk against one gateway, three routers that differ only in recordPercent)";
  if (!installed("wrk")) return `${title}\n\nSkipped: \`wrk\` is not installed.`;
  // The backend in a process of its own, so that it does not share the gateway's event loop.
  const backendPort = await freePort();
  const backend = spawn(process.execPath, ["-e", `require("http").createServer((q,s)=>{q.resume();q.on("end",()=>s.end("ok"))}).listen(${backendPort},"127.0.0.1")`], { stdio: "ignore" });
  children.push(backend);
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  await ready(backendUrl);
  const levels = [0, 1, 100];
  for (const p of levels) await deploy(db, projectId, recordingDocument(`rec-${p}`, p, backendUrl));
  const port = await freePort();
  const gateway = spawn(process.execPath, ["--import", "tsx", "scripts/gateway.ts", "--port", String(port), "--no-cache", "--no-register"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "ignore",
  });
  children.push(gateway);
  await ready(`http://127.0.0.1:${port}/healthz`);
  const script = path.join(dir, "recording.lua");
  await writeFile(script, WRK_SCRIPT);
  const url = (p: number) => `http://127.0.0.1:${port}/bench/rec-${p}/predict`;
  for (const p of levels) await wrk(url(p), script); // warm-up
  const results = new Map<number, number[]>(levels.map((p) => [p, []]));
  let errors = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round: no level always runs first (or right after the writes of 100 %).
    for (let i = 0; i < levels.length; i++) {
      const p = levels[(i + round) % levels.length]!;
      const r = await wrk(url(p), script);
      results.get(p)!.push(r.rps);
      errors += r.errors;
    }
  }
  const stored = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "request_samples"`;
  const base = median(results.get(0)!);
  const rows = levels.map((p) => {
    const rps = median(results.get(p)!);
    const slower = p === 0 ? null : 1 - rps / base;
    const target = p === 1 ? 0.03 : p === 100 ? 0.25 : null;
    return `| ${p === 0 ? "off (baseline)" : `${p} %`} | ${rps.toFixed(0)} | ${slower === null ? "—" : `${(slower * 100).toFixed(1)} %`} | ${target === null ? "—" : `≤ ${target * 100} %: ${slower! <= target ? "met" : "**missed**"}`} |`;
  });
  return [
    title,
    "",
    `wrk -t${LOAD.threads} -c${LOAD.connections}, ${LOAD.seconds} s × ${ROUNDS} interleaved rounds (median), GET with a sticky key header; one gateway process, a Node backend in its own process, embedded PostgreSQL on the same machine (its writes compete for the same cores). ${Number(stored[0]!.n).toLocaleString("en-US")} samples written during the run; ${errors} non-2xx answers.`,
    "",
    "| recording | requests/s | slower than off | target |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function hundredRuleDocument(name: string, shift: number): RouterDocumentInput {
  return {
    name,
    settings: { keySources: [{ source: "header", key: "x-user" }], seed: name, recordPercent: 1 },
    routes: ["a", "b", "c"].map((r, i) => ({ name: r, url: `http://127.0.0.1:${9000 + i}`, timeoutMs: 1000 })),
    rules: Array.from({ length: RULES }, (_, i) => ({
      name: `rule-${i}`,
      conditions: [
        { source: "header" as const, key: "x-tier", operator: "in" as const, values: [`t${i}`] },
        { source: "query" as const, key: "region", operator: "prefix" as const, values: [i % 2 === 0 ? "eu" : "us"] },
      ],
      strategy: (i % 3 === 0 ? "sticky" : "random") as "sticky" | "random",
      split: [
        { route: "a", weight: (i + shift) % 2 === 0 ? 80 : 20 },
        { route: i % 5 === 0 ? "c" : "b", weight: (i + shift) % 2 === 0 ? 20 : 80 },
      ],
      shadows: [],
    })),
    defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 90 - shift }, { route: "b", weight: 10 + shift }], shadows: [] },
  };
}

async function replayTiming(db: Db, projectId: string): Promise<string> {
  await deploy(db, projectId, hundredRuleDocument("replay", 0));
  // The draft moves the default split and flips half the rules' weights.
  await saveRouterDocument(db, projectId, hundredRuleDocument("replay", 1));
  const router = await db.router.findFirstOrThrow({ where: { projectId, name: "replay" }, select: { id: true } });
  await db.$executeRaw`
    INSERT INTO "request_samples" ("routerId", "version", "at", "rule", "route", "sticky", "status", "key", "rate", "request")
    SELECT ${router.id}::uuid, 1, now() - (i || ' ms')::interval * 36, NULL, 'a', false, 200, 'user-' || i, 0.01,
           jsonb_build_object('headers', jsonb_build_object('x-tier', 't' || (i % 120), 'x-user', 'user-' || i),
                              'query', jsonb_build_object('region', CASE WHEN i % 2 = 0 THEN 'eu-west' ELSE 'us-east' END))
    FROM generate_series(1, ${SAMPLES}) AS i`;
  await db.$executeRaw`ANALYZE "request_samples"`;

  const runs: { load: number; decide: number; total: number; changed: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const r = await runReplay(db, projectId, "replay", { from: "active", to: "draft", limit: SAMPLES });
    runs.push({ load: r.timing.loadMs, decide: r.timing.decideMs, total: performance.now() - started, changed: r.changed });
    if (r.total !== SAMPLES) throw new Error(`replayed ${r.total} samples, expected ${SAMPLES}`);
  }
  // Baseline: the same requests decided once with one compiled document, no replay around it.
  const doc = compile(routerDocumentSchema.parse(hundredRuleDocument("replay", 0)));
  const requests = Array.from({ length: SAMPLES }, (_, n) => {
    const i = n + 1;
    return { headers: { "x-tier": `t${i % 120}`, "x-user": `user-${i}` }, query: { region: i % 2 === 0 ? "eu-west" : "us-east" } };
  });
  const baselines: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (const request of requests) doc.decide(request);
    baselines.push(performance.now() - started);
  }
  const total = median(runs.map((r) => r.total));
  return [
    `### Replay of ${SAMPLES.toLocaleString("en-US")} stored samples through a ${RULES}-rule router`,
    "",
    "The API's code path (`runReplay`: both documents, the newest samples from PostgreSQL, the replay), median of 3 runs; the baseline decides the same requests once with one document.",
    "",
    "| step | time |",
    "|---|---|",
    `| load the samples | ${median(runs.map((r) => r.load)).toFixed(0)} ms |`,
    `| decide them with both documents and build the report | ${median(runs.map((r) => r.decide)).toFixed(0)} ms |`,
    `| server time in all | ${total.toFixed(0)} ms (target ≤ 2 000 ms: ${total <= 2000 ? "met" : "**missed**"}) |`,
    `| baseline: decide once with one document | ${median(baselines).toFixed(0)} ms |`,
    "",
    `${runs[0]!.changed.toLocaleString("en-US")} of ${SAMPLES.toLocaleString("en-US")} samples change route.`,
  ].join("\n");
}

export async function run(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-bench-replay-"));
  const server = await startEmbeddedPostgres(path.join(dir, "data"), { persistent: false });
  let db: Db | null = null;
  try {
    await ensureDatabase(server.url, "turnout");
    const url = withDatabase(server.url, "turnout");
    await migrate(url);
    db = createPrisma(url);
    const projectId = (await createProject(db, { name: "bench" })).id;
    const replay = await replayTiming(db, projectId);
    const gateway = await gatewayThroughput(db, url, projectId, dir);
    return ["## Replay", "", gateway, "", replay].join("\n");
  } finally {
    for (const child of children.splice(0)) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await db?.$disconnect();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}


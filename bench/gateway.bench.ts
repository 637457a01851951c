/**
 * Gateway benchmark: wrk against the backend directly, against nginx doing the same job
 * (split_clients 90/10 on a header, mirror of 10 %), and against Turnout (a document of 100
 * rules that do not match, a default sticky 90/10 on the header, a 10 % shadow). Every
 * scenario runs once per round, rounds interleaved (order reversed every other round), and
 * each comparison is made within a round and then the median taken over rounds, so that
 * drift on a shared machine hits both sides of a comparison alike. One-connection latency is
 * also measured with the whole chain pinned to one core, where cross-core wake-ups (tens of
 * µs each on a VM) no longer decide the figure. Loopback only; every process the bench starts
 * is stopped before it returns. Without wrk (or nginx, or taskset) the section says so.
 * The process and wrk helpers are shared with gateway-compare.bench.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { writeCacheFile } from "../lib/gateway/cache-file";
import type { RouterDocumentInput } from "../lib/router/document";

const ROOT = path.resolve(import.meta.dirname, "..");
const ROUNDS = 3;
/** Latency medians are the noisiest figures on a shared machine: more, shorter rounds. */
const LATENCY_ROUNDS = 7;
/** On one core the latency figures barely move from round to round. */
const PINNED_ROUNDS = 5;
const SHADOW_LATENCY_MS = 50;
export const THROUGHPUT = { threads: 2, connections: 50, seconds: 4 };
const ONE_CONNECTION = { threads: 1, connections: 1, seconds: 1 };
const SLOW_SHADOW = { threads: 1, connections: 1, seconds: 2 };
const WARMUP_SECONDS = 1;
/** Against an earlier Turnout (`BENCH_GATEWAY_BASELINE=<git ref>`): CPU per request, paired within rounds. */
const BASELINE = { threads: 1, connections: 8, seconds: 3, rounds: 7 };

// ——— processes ———

const children: ChildProcess[] = [];

export function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): ChildProcess {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.once("exit", (code, signal) => {
    if (code !== 0 && signal === null && !stopping) process.stderr.write(`bench: ${command} exited with ${code}: ${stderr}\n`);
  });
  children.push(child);
  return child;
}

let stopping = false;
export async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
          child.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
  children.length = 0;
  // Another bench module may start processes after this one is done.
  stopping = false;
}

export function installed(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until `url` answers `expected`, for at most 2 min (starting two workers under tsx takes over 30 s on a busy 2-core machine). */
export async function ready(url: string, expected = 200): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => resolve(0));
      req.setTimeout(1_000, () => req.destroy());
    });
    if (status === expected) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${expected} within 2 min (last: ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ——— CPU placement ———

/** The pid and every descendant (an nginx master and its workers, a gateway and its cluster workers). */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name sits in parentheses and may hold spaces: the parent pid follows the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended while the list was read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** Restricts every thread of these process trees to `cpus` (a taskset list: "0", "0-1"). */
function place(roots: readonly ChildProcess[], cpus: string): void {
  for (const root of roots) {
    for (const pid of processTree(root.pid!)) spawnSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
  }
}

/**
 * CPU time (µs) the process trees have used so far: the kernel's per-thread run time
 * (schedstat, nanoseconds), or user + system ticks where schedstat is not available.
 */
function cpuMicros(root: ChildProcess): number {
  let total = 0;
  for (const pid of processTree(root.pid!)) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]) / 1000;
      } catch {
        try {
          const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8").split(") ")[1]!.split(" ");
          total += (Number(stat[11]) + Number(stat[12])) * 10_000;
        } catch {
          // The thread ended while it was read.
        }
      }
    }
  }
  return total;
}

// ——— wrk ———

export interface WrkResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const UNIT_SECONDS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60 };

function seconds(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`wrk latency "${text}" not understood`);
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

function parseWrk(output: string): WrkResult {
  const requests = /(\d+) requests in/.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!requests || !rps || !p50 || !p99) throw new Error(`wrk output not understood:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = Number(non2xx?.[1] ?? 0) + (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  return { requests: Number(requests[1]), rps: Number(rps[1]), p50: seconds(p50[1]!), p99: seconds(p99[1]!), errors };
}

export interface Load {
  readonly threads: number;
  readonly connections: number;
  readonly seconds: number;
  /** Run wrk on these CPUs only (a taskset list). */
  readonly cpus?: string;
}

export async function wrk(url: string, load: Load, script: string, method: "GET" | "POST"): Promise<WrkResult> {
  const args = ["-t", String(load.threads), "-c", String(load.connections), "-d", `${load.seconds}s`, "--latency", "-s", script, url, "--", method];
  const child = load.cpus === undefined ? spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] }) : spawn("taskset", ["-c", load.cpus, "wrk", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.once("exit", resolve));
  children.splice(children.indexOf(child), 1);
  return parseWrk(output);
}

/** Keys vary per request (1000 prebuilt requests, cycled) so that the split does its work. */
export const WRK_SCRIPT = `
local requests = {}
local count = 1000
local at = 0
function init(args)
  local method = args[1] or "GET"
  local body = nil
  local headers = {}
  if method == "POST" then
    headers["Content-Type"] = "application/json"
    body = '{"inputs":"' .. string.rep("x", 1024 - 13) .. '"}'
  end
  for k = 1, count do
    headers["x-shard-key"] = "user-" .. k
    requests[k] = wrk.format(method, nil, headers, body)
  end
  at = math.random(count) - 1
end
function request()
  at = at % count + 1
  return requests[at]
end
`;

// ——— the systems under test ———

function backendConfig(dir: string, ports: number[]): string {
  return `
worker_processes 1;
daemon off;
pid ${dir}/backend.pid;
error_log ${dir}/backend-error.log warn;
${os.userInfo().uid === 0 ? "user root;" : ""}
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path ${dir}/backend-body;
  default_type application/json;
  server {
    ${ports.map((p) => `listen 127.0.0.1:${p};`).join("\n    ")}
    location / { return 200 '{"model":"bench","ok":true}'; }
  }
}`;
}

function nginxProxyConfig(dir: string, name: string, options: { workers: number; port: number; routes: [number, number]; shadow: number | null }): string {
  const mirror =
    options.shadow === null
      ? ""
      : `
      mirror /_mirror;
      mirror_request_body on;`;
  const mirrorLocation =
    options.shadow === null
      ? ""
      : `
    location = /_mirror {
      internal;
      if ($mirrored = "") { return 204; }
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://shadow$request_uri;
    }`;
  return `
worker_processes ${options.workers};
daemon off;
pid ${dir}/${name}.pid;
error_log ${dir}/${name}-error.log warn;
${os.userInfo().uid === 0 ? "user root;" : ""}
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path ${dir}/${name}-body;
  proxy_temp_path ${dir}/${name}-proxy;
  upstream route_a { server 127.0.0.1:${options.routes[0]}; keepalive 64; keepalive_requests 10000000; }
  upstream route_b { server 127.0.0.1:${options.routes[1]}; keepalive 64; keepalive_requests 10000000; }
  ${options.shadow === null ? "" : `upstream shadow { server 127.0.0.1:${options.shadow}; keepalive 64; keepalive_requests 10000000; }`}
  split_clients "\${http_x_shard_key}" $route { 90% route_a; * route_b; }
  split_clients "\${request_id}" $mirrored { 10% 1; * ""; }
  server {
    listen 127.0.0.1:${options.port};
    location / {${mirror}
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://$route;
    }${mirrorLocation}
  }
}`;
}

/** 100 rules that match none of the bench's requests, then the default sticky 90/10 on the header with a 10 % shadow. */
export function turnoutDocument(routes: [number, number], shadow: number | null): RouterDocumentInput {
  const rules = Array.from({ length: 100 }, (_, i) => ({
    name: `rule-${i}`,
    conditions: [
      i % 3 === 0
        ? { source: "header" as const, key: "x-tenant", operator: "in" as const, values: [`tenant-${i}`] }
        : i % 3 === 1
          ? { source: "header" as const, key: "x-region", operator: "prefix" as const, values: [`region-${i}-`] }
          : { source: "header" as const, key: "user-agent", operator: "contains" as const, values: [`agent-${i}/`] },
    ],
    strategy: "random" as const,
    split: [{ route: "b", weight: 100 }],
    shadows: [],
  }));
  return {
    name: "bench",
    settings: { keySources: [{ source: "header", key: "x-shard-key" }], missingKey: "random", seed: "bench" },
    routes: [
      { name: "a", url: `http://127.0.0.1:${routes[0]}`, timeoutMs: 10_000 },
      { name: "b", url: `http://127.0.0.1:${routes[1]}`, timeoutMs: 10_000 },
      ...(shadow === null ? [] : [{ name: "shadow", url: `http://127.0.0.1:${shadow}`, timeoutMs: 10_000 }]),
    ],
    rules,
    defaultRule: {
      strategy: "sticky",
      split: [
        { route: "a", weight: 90 },
        { route: "b", weight: 10 },
      ],
      shadows: shadow === null ? [] : [{ route: "shadow", percent: 10 }],
    },
  };
}

export async function startTurnout(dir: string, name: string, workers: number, document: RouterDocumentInput, tree = ROOT): Promise<{ url: string; process: ChildProcess }> {
  const cacheFile = path.join(dir, `${name}.json`);
  await writeCacheFile(cacheFile, [{ project: "bench", router: "bench", version: 1, versionId: name, document }]);
  const port = await freePort();
  const args = ["--import", "tsx", "scripts/gateway.ts", "--no-database", "--cache", cacheFile, "--port", String(port), "--workers", String(workers)];
  const child = start(process.execPath, args, process.env, tree);
  await ready(`http://127.0.0.1:${port}/healthz`);
  // Every worker must be up, not just the first to answer.
  if (workers > 1) await new Promise((r) => setTimeout(r, 1_500));
  return { url: `http://127.0.0.1:${port}/bench/bench/predict`, process: child };
}

async function startNginx(dir: string, name: string, config: string, probe: string): Promise<ChildProcess> {
  const file = path.join(dir, `${name}.conf`);
  await writeFile(file, config);
  const child = start("nginx", ["-e", path.join(dir, `${name}-error.log`), "-p", dir, "-c", file]);
  await ready(probe);
  return child;
}

// ——— statistics and report ———

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const us = (s: number) => `${(s * 1e6).toFixed(0)} µs`;
const ms = (s: number) => `${(s * 1e3).toFixed(2)} ms`;
const ratio = (r: number) => `${r.toFixed(2)}×`;
export const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

export interface Scenario {
  readonly name: string;
  readonly url: string;
  readonly method: "GET" | "POST";
}

/**
 * Runs every scenario once per round (after a warm-up), in order on even rounds and in
 * reverse on odd ones; returns each scenario's results, indexed by round.
 */
export async function interleaved(scenarios: Scenario[], load: Load, script: string, rounds = ROUNDS): Promise<Map<string, WrkResult[]>> {
  const results = new Map<string, WrkResult[]>(scenarios.map((s) => [s.name, []]));
  for (const s of scenarios) await wrk(s.url, { ...load, seconds: WARMUP_SECONDS }, script, s.method);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? scenarios : [...scenarios].reverse();
    for (const s of order) results.get(s.name)!.push(await wrk(s.url, load, script, s.method));
  }
  return results;
}

/**
 * Like `interleaved`, but the scenarios of a group run at the same time (one wrk each), so
 * that whatever else the machine does at that moment weighs on both sides of the comparison.
 */
async function simultaneous(groups: Scenario[][], load: Load, script: string, rounds: number): Promise<Map<string, WrkResult[]>> {
  const results = new Map<string, WrkResult[]>(groups.flat().map((s) => [s.name, []]));
  const runGroup = (group: Scenario[], seconds: number) => Promise.all(group.map((s) => wrk(s.url, { ...load, seconds }, script, s.method)));
  for (const group of groups) await runGroup(group, WARMUP_SECONDS);
  for (let round = 0; round < rounds; round++) {
    for (const group of round % 2 === 0 ? groups : [...groups].reverse()) {
      (await runGroup(group, load.seconds)).forEach((result, i) => results.get(group[i]!.name)!.push(result));
    }
  }
  return results;
}

/** The median over rounds of `f(a's result, b's result)` for the same round. */
export function paired(results: Map<string, WrkResult[]>, a: string, b: string, f: (a: WrkResult, b: WrkResult) => number): number {
  const as = results.get(a)!;
  const bs = results.get(b)!;
  return median(as.map((r, i) => f(r, bs[i]!)));
}

/**
 * The gateway of another commit (`git archive`, sharing this tree's node_modules), to compare
 * this tree's gateway with in the same run. Null, with the reason, when it cannot be had.
 */
async function baselineTree(dir: string, ref: string): Promise<{ tree: string; commit: string } | string> {
  const rev = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: ROOT, encoding: "utf8" });
  if (rev.status !== 0) return `\`${ref}\` is not a commit of this repository`;
  const commit = rev.stdout.trim();
  const tree = path.join(dir, "baseline");
  await mkdir(tree);
  const archive = spawnSync("sh", ["-c", 'git archive --format=tar "$1" | tar -x -C "$2"', "sh", commit, tree], { cwd: ROOT });
  if (archive.status !== 0) return `\`git archive ${ref}\` failed`;
  await symlink(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"));
  return { tree, commit };
}

/**
 * This tree's gateway and the baseline's, one process each with the same document, loaded in
 * turn (order reversed every other round): the CPU each spends per request — which other
 * processes on the machine move far less than requests/s — compared within each round.
 */
async function againstBaseline(dir: string, ref: string, document: RouterDocumentInput, script: string): Promise<{ lines: string[]; errors: number }> {
  const heading = `### Against an earlier Turnout (\`${ref}\`)`;
  const baseline = await baselineTree(dir, ref);
  if (typeof baseline === "string") return { lines: [heading, "", `Skipped: ${baseline}.`], errors: 0 };
  const current = await startTurnout(dir, "current", 1, document);
  const earlier = await startTurnout(dir, "earlier", 1, document, baseline.tree);
  const sides = [
    { name: "earlier", gateway: earlier },
    { name: "current", gateway: current },
  ];
  const lines = [
    heading,
    "",
    `The same document (100 rules, sticky 90/10, 10 % shadow) served by this tree's gateway and by commit \`${baseline.commit.slice(0, 12)}\`'s, one process each; ` +
      `wrk -t${BASELINE.threads} -c${BASELINE.connections}, ${BASELINE.seconds} s per side × ${BASELINE.rounds} rounds, alternating. ` +
      "CPU per request is the gateway process's run time (schedstat) over the requests wrk completed; the ratio is taken within each round.",
    "",
    "| request | earlier: CPU / request | this tree: CPU / request | this ÷ earlier (median of rounds) | per round | requests/s earlier / this | target |",
    "|---|---:|---:|---:|---|---:|---|",
  ];
  let errors = 0;
  for (const [method, label] of [["GET", "GET"], ["POST", "POST, 1 KB JSON"]] as const) {
    const cpu = new Map<string, number[]>(sides.map((side) => [side.name, []]));
    const rps = new Map<string, number[]>(sides.map((side) => [side.name, []]));
    for (const side of sides) await wrk(side.gateway.url, { ...BASELINE, seconds: WARMUP_SECONDS }, script, method);
    for (let round = 0; round < BASELINE.rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const before = cpuMicros(side.gateway.process);
        const result = await wrk(side.gateway.url, BASELINE, script, method);
        cpu.get(side.name)!.push((cpuMicros(side.gateway.process) - before) / Math.max(1, result.requests));
        rps.get(side.name)!.push(result.rps);
        errors += result.errors;
      }
    }
    const ratios = cpu.get("current")!.map((c, i) => c / cpu.get("earlier")![i]!);
    const change = median(ratios);
    lines.push(
      `| ${label} | ${median(cpu.get("earlier")!).toFixed(1)} µs | ${median(cpu.get("current")!).toFixed(1)} µs | ${ratio(change)} | ${ratios.map((r) => r.toFixed(2)).join(" ")} | ` +
        `${median(rps.get("earlier")!).toFixed(0)} / ${median(rps.get("current")!).toFixed(0)} | ≤ 1.10×: ${verdict(change <= 1.1)} |`,
    );
  }
  return { lines, errors };
}

export async function run(): Promise<string> {
  const title = "## Gateway (wrk: Turnout against nginx and the backend)";
  if (!installed("wrk")) return `${title}\n\nSkipped: \`wrk\` is not installed (\`apt-get install -y wrk nginx\`).`;
  const haveNginx = installed("nginx");
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-gateway-bench-"));
  const script = path.join(dir, "keys.lua");
  const started = Date.now();
  const loadAtStart = os.loadavg()[0]!;
  try {
    await writeFile(script, WRK_SCRIPT);
    for (const sub of ["backend-body", "n1-body", "n1-proxy", "n2-body", "n2-proxy", "ns-body", "ns-proxy", "nn-body", "nn-proxy"]) await mkdir(path.join(dir, sub));
    const [a, b, fast, slow] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const routes: [number, number] = [a, b];

    // The backend: nginx answering from memory (cheap, so the proxies get the CPU), or Node stand-ins.
    const backends: ChildProcess[] = [];
    if (haveNginx) {
      await writeFile(path.join(dir, "backend.conf"), backendConfig(dir, [a, b, fast]));
      backends.push(start("nginx", ["-e", path.join(dir, "backend-error.log"), "-p", dir, "-c", path.join(dir, "backend.conf")]));
    } else {
      for (const port of [a, b, fast]) backends.push(start(process.execPath, ["--import", "tsx", "scripts/model-server.ts", "--port", String(port), "--name", "bench"]));
    }
    start(process.execPath, ["--import", "tsx", "scripts/model-server.ts", "--port", String(slow), "--name", "shadow", "--latency-ms", String(SHADOW_LATENCY_MS)]);
    await Promise.all([a, b, fast, slow].map((p) => ready(`http://127.0.0.1:${p}/`)));

    const direct = `http://127.0.0.1:${a}/predict`;
    const [t1, t2, tSlow, tNone] = await Promise.all([
      startTurnout(dir, "t1", 1, turnoutDocument(routes, fast)),
      startTurnout(dir, "t2", 2, turnoutDocument(routes, fast)),
      startTurnout(dir, "ts", 1, turnoutDocument(routes, slow)),
      startTurnout(dir, "tn", 1, turnoutDocument(routes, null)),
    ]);
    const nginx: Record<string, { url: string; process: ChildProcess }> = {};
    if (haveNginx) {
      for (const [name, workers, shadow] of [["n1", 1, fast], ["n2", 2, fast], ["ns", 1, slow], ["nn", 1, null]] as const) {
        const port = await freePort();
        const child = await startNginx(dir, name, nginxProxyConfig(dir, name, { workers, port, routes, shadow }), `http://127.0.0.1:${port}/`);
        nginx[name] = { url: `http://127.0.0.1:${port}/predict`, process: child };
      }
    }

    // 1. Throughput.
    const throughput = await interleaved(
      [
        { name: "backend", url: direct, method: "GET" },
        ...(haveNginx ? [{ name: "nginx-1", url: nginx.n1!.url, method: "GET" as const }] : []),
        { name: "turnout-1", url: t1.url, method: "GET" },
        ...(haveNginx ? [{ name: "nginx-2", url: nginx.n2!.url, method: "GET" as const }] : []),
        { name: "turnout-2", url: t2.url, method: "GET" },
      ],
      THROUGHPUT,
      script,
    );
    // 2. Latency on one connection, GET and a 1 KB JSON POST: first wherever the scheduler puts
    // the processes, then with wrk, the backend and the proxy on one core (see the report).
    const latencyScenarios = (["GET", "POST"] as const).flatMap((method) => [
      { name: `backend-${method}`, url: direct, method },
      ...(haveNginx ? [{ name: `nginx-${method}`, url: nginx.n1!.url, method }] : []),
      { name: `turnout-${method}`, url: t1.url, method },
    ]);
    const latency = await interleaved(latencyScenarios, ONE_CONNECTION, script, LATENCY_ROUNDS);
    const canPin = installed("taskset") && os.cpus().length > 1;
    let pinned: Map<string, WrkResult[]> | null = null;
    if (canPin) {
      const chain = [...backends, t1.process, ...(haveNginx ? [nginx.n1!.process] : [])];
      place(chain, "0");
      try {
        pinned = await interleaved(latencyScenarios, { ...ONE_CONNECTION, cpus: "0" }, script, PINNED_ROUNDS);
      } finally {
        place(chain, `0-${os.cpus().length - 1}`);
      }
    }
    // 3. 10 % mirrored to a shadow answering in 50 ms; with and without the shadow side by side.
    const slowShadow = await simultaneous(
      [
        ...(haveNginx
          ? [
              [
                { name: "nginx-none", url: nginx.nn!.url, method: "GET" as const },
                { name: "nginx-slow", url: nginx.ns!.url, method: "GET" as const },
              ],
            ]
          : []),
        [
          { name: "turnout-none", url: tNone.url, method: "GET" },
          { name: "turnout-slow", url: tSlow.url, method: "GET" },
        ],
      ],
      SLOW_SHADOW,
      script,
      LATENCY_ROUNDS,
    );

    const rps = (name: string) => median(throughput.get(name)!.map((r) => r.rps));
    const p50 = (m: Map<string, WrkResult[]>, name: string) => median(m.get(name)!.map((r) => r.p50));
    const p99 = (m: Map<string, WrkResult[]>, name: string) => median(m.get(name)!.map((r) => r.p99));
    const errors = [throughput, latency, ...(pinned ? [pinned] : []), slowShadow].flatMap((m) => [...m.values()].flat()).reduce((sum, r) => sum + r.errors, 0);
    const rounds = (name: string) => throughput.get(name)!.map((r) => r.rps.toFixed(0)).join(" / ");

    const lines = [
      title,
      "",
      `wrk on loopback. Backend: ${haveNginx ? "nginx `return 200` (1 worker)" : "Node stand-in model servers"}. ` +
        "Turnout: 100 rules that match no request, default rule sticky 90/10 on `x-shard-key`, 10 % shadow; " +
        "nginx: `split_clients` 90/10 on `$http_x_shard_key`, `mirror` of 10 % (keep-alive upstreams on both). " +
        "Keys vary per request (1000 keys). Scenarios interleaved round by round; every comparison (÷, added, change) is " +
        `made within a round, then the median over rounds is reported. Non-2xx responses and socket errors over all runs: ${errors}.`,
      "",
      `### Throughput (wrk -t${THROUGHPUT.threads} -c${THROUGHPUT.connections}, ${THROUGHPUT.seconds} s × ${ROUNDS} rounds)`,
      "",
      "| | requests/s (median) | rounds | Turnout ÷ nginx | target |",
      "|---|---:|---|---:|---|",
      `| backend directly | ${rps("backend").toFixed(0)} | ${rounds("backend")} | | |`,
    ];
    if (haveNginx) {
      const one = paired(throughput, "turnout-1", "nginx-1", (t, n) => t.rps / n.rps);
      const two = paired(throughput, "turnout-2", "nginx-2", (t, n) => t.rps / n.rps);
      lines.push(
        `| nginx, 1 worker | ${rps("nginx-1").toFixed(0)} | ${rounds("nginx-1")} | | |`,
        `| Turnout, 1 process | ${rps("turnout-1").toFixed(0)} | ${rounds("turnout-1")} | ${ratio(one)} | ≥ 0.40×: ${verdict(one >= 0.4)} |`,
        `| nginx, 2 workers | ${rps("nginx-2").toFixed(0)} | ${rounds("nginx-2")} | | |`,
        `| Turnout, 2 workers | ${rps("turnout-2").toFixed(0)} | ${rounds("turnout-2")} | ${ratio(two)} | ≥ 0.50×: ${verdict(two >= 0.5)} |`,
      );
    } else {
      lines.push(`| Turnout, 1 process | ${rps("turnout-1").toFixed(0)} | ${rounds("turnout-1")} | n/a | nginx not installed |`, `| Turnout, 2 workers | ${rps("turnout-2").toFixed(0)} | ${rounds("turnout-2")} | n/a | |`);
    }

    lines.push(
      "",
      `### Added median latency on one connection (wrk -t1 -c1, ${ONE_CONNECTION.seconds} s rounds)`,
      "",
      "One connection is a chain: wrk → proxy → backend → proxy → wrk, one process at a time. " +
        (pinned === null
          ? "`taskset` is missing (or the machine has one core), so only the scheduler's placement was measured."
          : "*One core*: wrk, the backend and the proxy pinned to the same core (`taskset`), so the added time is the proxy's own work on the request's path — the target is judged here. " +
            `*Scheduler*: wherever the scheduler puts them; then every hand-over that lands on the other core also pays a cross-core wake-up, which the backend's own figure shows (${us(p50(latency, "backend-GET"))} placed by the scheduler, ${us(p50(pinned, "backend-GET"))} on one core).`),
      "",
      "| | placement | rounds | backend p50 | nginx p50 | Turnout p50 | Turnout added (paired) | nginx added (paired) | target |",
      "|---|---|---:|---:|---:|---:|---:|---:|---|",
    );
    for (const [method, label, target] of [["GET", "GET", 100e-6], ["POST", "POST, 1 KB JSON", 200e-6]] as const) {
      const placements = [...(pinned === null ? [] : [["one core", pinned, PINNED_ROUNDS] as const]), ["scheduler", latency, LATENCY_ROUNDS] as const];
      for (const [placement, results, rounds] of placements) {
        const added = paired(results, `turnout-${method}`, `backend-${method}`, (t, b) => t.p50 - b.p50);
        const nginxAdded = haveNginx ? us(paired(results, `nginx-${method}`, `backend-${method}`, (n, b) => n.p50 - b.p50)) : "n/a";
        const judged = placement === "one core" || pinned === null;
        lines.push(
          `| ${label} | ${placement} | ${rounds} | ${us(p50(results, `backend-${method}`))} | ${haveNginx ? us(p50(results, `nginx-${method}`)) : "n/a"} | ${us(p50(results, `turnout-${method}`))} | ${us(added)} | ${nginxAdded} | ${judged ? `≤ ${us(target)}: ${verdict(added <= target)}` : "(for reference)"} |`,
        );
      }
    }

    lines.push(
      "",
      `### 10 % mirrored to a shadow answering in ${SHADOW_LATENCY_MS} ms (wrk -t1 -c${SLOW_SHADOW.connections} against each of a pair at the same time: with and without the mirror; ${SLOW_SHADOW.seconds} s × ${LATENCY_ROUNDS} rounds)`,
      "",
      "| | p50 | p99 | requests/s |",
      "|---|---:|---:|---:|",
    );
    const rpsOf = (name: string) => median(slowShadow.get(name)!.map((r) => r.rps)).toFixed(0);
    for (const [name, label] of [["nginx-none", "nginx, no mirror"], ["nginx-slow", "nginx, mirror to the slow shadow"], ["turnout-none", "Turnout, no shadow"], ["turnout-slow", "Turnout, shadow to the slow shadow"]] as const) {
      if (slowShadow.has(name)) lines.push(`| ${label} | ${ms(p50(slowShadow, name))} | ${ms(p99(slowShadow, name))} | ${rpsOf(name)} |`);
    }
    // 4. Against an earlier Turnout, when asked for.
    const baselineRef = process.env.BENCH_GATEWAY_BASELINE;
    const baseline = baselineRef ? await againstBaseline(dir, baselineRef, turnoutDocument(routes, fast), script) : null;

    const medianChange = paired(slowShadow, "turnout-slow", "turnout-none", (s, n) => s.p50 / n.p50 - 1);
    lines.push("");
    if (haveNginx) {
      const p99Ratio = paired(slowShadow, "turnout-slow", "nginx-slow", (t, n) => t.p99 / n.p99);
      lines.push(`- Turnout p99 ÷ nginx p99 with the slow mirror: ${ratio(p99Ratio)} (target ≤ 0.50×: ${verdict(p99Ratio <= 0.5)}).`);
    }
    lines.push(
      `- Turnout's primary median with the slow shadow vs without any: ${medianChange >= 0 ? "+" : ""}${(medianChange * 100).toFixed(1)} % (target within ±10 %: ${verdict(Math.abs(medianChange) <= 0.1)}).`,
      `- Whole section: ${((Date.now() - started) / 1000).toFixed(0)} s; load average (1 min) ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0]!.toFixed(1)} at the end on ${os.cpus().length} cores — other processes on the machine move every figure, which is why comparisons are paired within rounds.`,
    );
    if (!haveNginx) lines.push("- nginx is not installed (`apt-get install -y nginx`): the nginx comparisons were skipped.");
    if (baseline === null) lines.push("- Set `BENCH_GATEWAY_BASELINE=<git ref>` to also compare this gateway's CPU per request with an earlier commit's.");
    else lines.push("", ...baseline.lines, ...(baseline.errors > 0 ? ["", `Non-2xx responses and socket errors in this comparison: ${baseline.errors}.`] : []));
    return lines.join("\n");
  } finally {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}

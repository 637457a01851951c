/**
 * Shadow comparison cost: gateway throughput with a 10 % shadow compared field by field
 * (`fields`: a label, a score within a tolerance, a top-3 set — both bodies kept and parsed)
 * against the same shadow compared byte for byte (`exact`: a digest of each body), on 1 KiB
 * JSON answers, in the same run: two gateway processes, rounds interleaved, the slowdown
 * paired within each round. Uses gateway.bench.ts' process and wrk helpers.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { RouterDocumentInput } from "../lib/router/document";
import { freePort, installed, interleaved, median, paired, ready, start, startTurnout, stopAll, THROUGHPUT, turnoutDocument, verdict, WRK_SCRIPT } from "./gateway.bench";

const ROUNDS = 5;
const TARGET_SLOWDOWN = 0.1;

/** About 1 KiB of model-like JSON: 24 scored predictions, a top-k list, an id and timings that would differ per answer in real life. */
export const JSON_ANSWER = JSON.stringify({
  id: "req-00000000-0000-0000-0000-000000000000",
  model: "bench-model-v2",
  predictions: Array.from({ length: 24 }, (_, i) => ({ label: `class-${i}`, score: Math.round((1 / (i + 2)) * 1e4) / 1e4 })),
  top: ["class-0", "class-1", "class-2", "class-3", "class-4"],
  meta: { latencyMs: 12, region: "eu-west-1" },
});

const FIELDS = {
  mode: "fields" as const,
  fields: [{ path: "predictions.0.label" }, { path: "predictions.0.score", tolerance: { absolute: 0.01, relative: 0.05 } }, { path: "top", topK: 3 }],
};

function jsonBackendConfig(dir: string, port: number): string {
  return `
worker_processes 1;
daemon off;
pid ${dir}/json-backend.pid;
error_log ${dir}/json-backend-error.log warn;
${os.userInfo().uid === 0 ? "user root;" : ""}
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path ${dir}/json-backend-body;
  default_type application/json;
  server {
    listen 127.0.0.1:${port};
    location / { return 200 '${JSON_ANSWER}'; }
  }
}`;
}

/** The gateway benchmark's document (100 rules ahead of a sticky 90/10 default), every route on the JSON backend, the 10 % shadow compared as `compare` says. */
function comparedDocument(port: number, compare: typeof FIELDS | undefined): RouterDocumentInput {
  const doc = turnoutDocument([port, port], port);
  return { ...doc, defaultRule: { ...doc.defaultRule!, shadows: [{ route: "shadow", percent: 10, ...(compare ? { compare } : {}) }] } };
}

export async function run(): Promise<string> {
  const title = "## Gateway: shadow comparison cost (`fields` against `exact`)";
  if (!installed("wrk")) return `${title}\n\nSkipped: \`wrk\` is not installed (\`apt-get install -y wrk nginx\`).`;
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-compare-bench-"));
  const loadAtStart = os.loadavg()[0]!;
  const started = Date.now();
  try {
    const script = path.join(dir, "keys.lua");
    await writeFile(script, WRK_SCRIPT);
    await mkdir(path.join(dir, "json-backend-body"));
    const port = await freePort();
    if (installed("nginx")) {
      await writeFile(path.join(dir, "json-backend.conf"), jsonBackendConfig(dir, port));
      start("nginx", ["-e", path.join(dir, "json-backend-error.log"), "-p", dir, "-c", path.join(dir, "json-backend.conf")]);
    } else {
      const server = `require("node:http").createServer((q, r) => { q.resume(); q.on("end", () => r.end(${JSON.stringify(JSON_ANSWER)})); }).listen(${port}, "127.0.0.1")`;
      start(process.execPath, ["-e", server]);
    }
    await ready(`http://127.0.0.1:${port}/`);
    const [exact, fields] = await Promise.all([startTurnout(dir, "exact", 1, comparedDocument(port, undefined)), startTurnout(dir, "fields", 1, comparedDocument(port, FIELDS))]);

    const results = await interleaved(
      [
        { name: "exact", url: exact.url, method: "GET" },
        { name: "fields", url: fields.url, method: "GET" },
      ],
      THROUGHPUT,
      script,
      ROUNDS,
    );
    const metrics = await (await fetch(fields.url.replace(/\/bench\/bench\/predict$/, "/metrics"))).text();
    const outcome = (name: string) => Number(new RegExp(`turnout_gateway_shadow_comparisons_total\\{[^}]*outcome="${name}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);

    const rps = (name: string) => median(results.get(name)!.map((r) => r.rps));
    const rounds = (name: string) => results.get(name)!.map((r) => r.rps.toFixed(0)).join(" / ");
    const slower = 1 - paired(results, "fields", "exact", (f, e) => f.rps / e.rps);
    const errors = [...results.values()].flat().reduce((sum, r) => sum + r.errors, 0);
    return [
      title,
      "",
      `wrk -t${THROUGHPUT.threads} -c${THROUGHPUT.connections}, ${THROUGHPUT.seconds} s × ${ROUNDS} rounds, GET, keys varying per request. Backend: ${installed("nginx") ? "nginx" : "a Node server"} answering ${Buffer.byteLength(JSON_ANSWER)} bytes of model-like JSON on every route. ` +
        "Turnout, one process each: the gateway benchmark's document (100 rules that match no request, a sticky 90/10 default) with its 10 % shadow compared " +
        "byte for byte (`exact`: a digest of each body) or by `fields` (`predictions.0.label`, `predictions.0.score` within 0.01 or 5 %, the `top` 3 as a set: both bodies kept and parsed). " +
        `Interleaved round by round; the slowdown is paired within each round, then the median taken. Non-2xx responses and socket errors: ${errors}.`,
      "",
      "| shadow compared by | requests/s (median) | rounds |",
      "|---|---:|---|",
      `| \`exact\` | ${rps("exact").toFixed(0)} | ${rounds("exact")} |`,
      `| \`fields\` | ${rps("fields").toFixed(0)} | ${rounds("fields")} |`,
      "",
      `- \`fields\` is ${(slower * 100).toFixed(1)} % slower than \`exact\` (target ≤ ${TARGET_SLOWDOWN * 100} %: ${verdict(slower <= TARGET_SLOWDOWN)}); its comparisons: ${outcome("agree").toLocaleString("en-US")} agree, ${outcome("disagree")} disagree, ${outcome("not_comparable")} not comparable.`,
      `- ${((Date.now() - started) / 1000).toFixed(0)} s; load average (1 min) ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0]!.toFixed(1)} at the end on ${os.cpus().length} cores.`,
    ].join("\n");
  } finally {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}

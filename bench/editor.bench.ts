/**
 * Rule editor: how soon the findings for a new drag position are ready, in Chromium.
 *
 * The editor's own code (components/routers/rules/live-analysis.ts: the LiveAnalysisStore
 * that `onDragOver` calls, then `indexFindings` that turns findings into card badges) is
 * bundled with esbuild into a static page and driven in Debian's Chromium through
 * playwright-core, on a 200-rule router. Each drag sweeps a rule one position at a time, as
 * a pointer does; every new position is one sample. The target is one frame: 16 ms.
 *
 * Baselines measured in the same run, in the same browser:
 * - a cold `analyze()` per position (no caches: what an editor without the incremental
 *   analyzer would do);
 * - the warm analyzer without the preview's time budget and per-drag memo (exact answers only).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { routerDocumentSchema, type Condition, type RouterDocument, type RouterDocumentInput } from "../lib/router/document";

const RULES = 200;
const FRAME_MS = 16;

/** Deterministic PRNG (mulberry32) so every run analyses the same document. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, "0")}`);
const TIERS = ["free", "pro", "team", "enterprise"];

function pick<T>(random: () => number, list: readonly T[], n: number): T[] {
  const out = new Set<T>();
  while (out.size < n) out.add(list[Math.floor(random() * list.length)]!);
  return [...out];
}

/** The mix of lib/analysis' own benchmark: country and tier lists, some ranges, prefixes and regexes. */
function conditions(random: () => number): Condition[] {
  const list: Condition[] = [
    { source: "payload", key: "user.country", operator: "in", values: pick(random, COUNTRIES, 1 + Math.floor(random() * 3)) },
    { source: "header", key: "x-tier", operator: "in", values: pick(random, TIERS, 1 + Math.floor(random() * 2)) },
  ];
  const extra = random();
  if (extra < 0.15) {
    const min = Math.floor(random() * 60);
    list.push({ source: "payload", key: "user.age", operator: "range", values: [min, min + 5 + Math.floor(random() * 30)] });
  } else if (extra < 0.25) list.push({ source: "query", key: "client", operator: "prefix", values: [`v${1 + Math.floor(random() * 4)}.`] });
  else if (extra < 0.3) list.push({ source: "header", key: "user-agent", operator: "regex", values: [pick(random, ["Mozilla/.*", ".*Mobile.*", "curl/[0-9.]+"], 1)[0]!] });
  return list;
}

function documentOf(count: number): RouterDocument {
  const random = prng(7);
  const input: RouterDocumentInput = {
    name: "bench",
    routes: [
      { name: "stable", url: "http://127.0.0.1:9001" },
      { name: "canary", url: "http://127.0.0.1:9002" },
    ],
    rules: Array.from({ length: count }, (_, i) => ({
      name: `rule-${i}`,
      conditions: conditions(random),
      strategy: "random" as const,
      split: [{ route: i % 2 ? "stable" : "canary", weight: 100 }],
    })),
    defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }] },
  };
  return routerDocumentSchema.parse(input);
}

/** Drags as a pointer makes them: [rule index, positions visited in turn]. */
function drags(n: number): [number, number[]][] {
  const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, k) => (to >= from ? from + k : from - k));
  return [
    [20, range(21, n - 1)], // down the whole list
    [n - 20, range(n - 21, 0)], // up the whole list
    [n / 2, [...range(n / 2 + 1, n / 2 + 50), ...range(n / 2 + 49, n / 2 - 50), ...range(n / 2 - 49, n / 2)]], // down, back up past the start, back
  ];
}

const ENTRY = `
import { analyze, createAnalyzer } from "./lib/analysis";
import { LiveAnalysisStore } from "./components/routers/rules/live-analysis";
import { indexFindings, moveItem } from "./components/routers/rules/findings-index";

const frames = (n) => new Promise((resolve) => { const step = (k) => (k === 0 ? resolve() : requestAnimationFrame(() => step(k - 1))); step(n); });

/** The editor's neighbours of a position: one and two positions either side. */
function neighbours(names, from, at) {
  return [at + 1, at - 1, at + 2, at - 2].filter((to) => to >= 0 && to < names.length).map((to) => moveItem(names, from, to));
}

/**
 * One pass of the drags through a LiveAnalysisStore, as the editor drives it: preview() on
 * every new position (with its neighbours), a pointer reaching the next position "pace"
 * frames later. A sample is the time from preview() until the findings are in the store's
 * snapshot, plus indexFindings (the card badges).
 */
async function drive(doc, drags, options, pace) {
  const names = doc.rules.map((r) => r.name);
  const store = new LiveAnalysisStore(options);
  const loadStart = performance.now();
  await new Promise((resolve) => {
    const off = store.subscribe(() => { if (store.getSnapshot().base) { off(); resolve(); } });
    store.setDocument(doc);
  });
  const firstLoad = performance.now() - loadStart;
  const samples = [];
  const firstVisits = [];
  let inexact = 0;
  for (const [from, path] of drags) {
    const seen = new Set();
    store.preview(names, neighbours(names, from, from));
    await frames(pace);
    for (const to of path) {
      const order = moveItem(names, from, to);
      const t = performance.now();
      const ready = new Promise((resolve) => {
        const check = () => { const p = store.getSnapshot().preview; if (p && p.order === order) { off(); resolve(p); } };
        const off = store.subscribe(check);
        store.preview(order, neighbours(names, from, to));
        check();
      });
      const preview = await ready;
      indexFindings(preview.findings, preview.order, !preview.exact);
      const ms = performance.now() - t;
      samples.push(ms);
      if (!seen.has(to)) firstVisits.push(ms);
      seen.add(to);
      if (!preview.exact) inexact++;
      await frames(pace);
    }
    store.endPreview();
  }
  store.dispose();
  return { samples, firstVisits, inexact, firstLoad };
}

async function run(doc, drags, coldRuns, workerCode) {
  const pace = 2;
  const names = doc.rules.map((r) => r.name);
  const workerFactory = () => new Worker(URL.createObjectURL(new Blob([workerCode], { type: "text/javascript" })));
  console.log("pass: page, no prefetch");
  const main = await drive(doc, drags, { mode: "main", prefetch: false }, pace);
  console.log("pass: page with prefetch");
  const mainPrefetch = await drive(doc, drags, { mode: "main" }, pace);
  console.log("pass: worker");
  const worker = await drive(doc, drags, { mode: "worker", workerFactory }, pace);
  console.log("baselines");

  // Baseline: the warm analyzer, exact answers, no budget, no memo, no prefetch.
  const warm = createAnalyzer();
  warm.analyze(doc);
  const byName = new Map(doc.rules.map((r) => [r.name, r]));
  const exact = [];
  for (const [from, path] of drags) {
    for (const to of path) {
      const order = moveItem(names, from, to);
      const t = performance.now();
      const findings = warm.analyze({ ...doc, rules: order.map((n) => byName.get(n)) });
      indexFindings(findings, order);
      exact.push(performance.now() - t);
      await frames(pace);
    }
  }

  // Baseline: a cold analyze() per position.
  const cold = [];
  const all = drags.flatMap(([from, path]) => path.map((to) => [from, to]));
  for (let i = 0; i < coldRuns; i++) {
    const [from, to] = all[Math.floor((i * all.length) / coldRuns)];
    const order = moveItem(names, from, to);
    const t = performance.now();
    const findings = analyze({ ...doc, rules: order.map((n) => byName.get(n)) });
    indexFindings(findings, order);
    cold.push(performance.now() - t);
    await frames(pace);
  }
  return { main, mainPrefetch, worker, exact, cold };
}
window.editorBench = { run };
`;

const WORKER_ENTRY = `import "./components/routers/rules/analysis.worker";`;

type Pass = { samples: number[]; firstVisits: number[]; inexact: number; firstLoad: number };
type Result = { main: Pass; mainPrefetch: Pass; worker: Pass; exact: number[]; cold: number[] };

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
const within = (samples: number[]) => `${((100 * samples.filter((s) => s <= FRAME_MS).length) / samples.length).toFixed(1)} %`;

export async function run(): Promise<string> {
  const root = path.resolve(import.meta.dirname, "..");
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-editor-bench-"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const common = {
      bundle: true,
      format: "iife" as const,
      platform: "browser" as const,
      target: "es2022",
      minify: true,
      // What Next's production build does for the browser.
      define: { "process.env.NODE_ENV": '"production"' },
      tsconfig: path.join(root, "tsconfig.json"),
      logLevel: "error" as const,
    };
    await build({ ...common, stdin: { contents: ENTRY, resolveDir: root, loader: "ts", sourcefile: "editor-bench-entry.ts" }, outfile: path.join(dir, "bench.js") });
    await build({ ...common, stdin: { contents: WORKER_ENTRY, resolveDir: root, loader: "ts", sourcefile: "editor-bench-worker.ts" }, outfile: path.join(dir, "worker.js") });
    await writeFile(path.join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><title>editor bench</title><script src="bench.js"></script>`);
    const workerCode = await readFile(path.join(dir, "worker.js"), "utf8");
    const page = await browser.newPage();
    if (process.env.BENCH_DEBUG) {
      page.on("console", (m) => process.stderr.write(`[page] ${m.text()}\n`));
      page.on("pageerror", (e) => process.stderr.write(`[page error] ${e.message}\n`));
      page.on("crash", () => process.stderr.write("[page crashed]\n"));
    }
    await page.goto(pathToFileURL(path.join(dir, "index.html")).href);
    const doc = documentOf(RULES);
    const plan = drags(RULES);
    const result = await page.evaluate(
      ([d, p, w]) =>
        (window as unknown as { editorBench: { run: (doc: unknown, drags: unknown, coldRuns: number, worker: string) => Promise<Result> } }).editorBench.run(d, p, 25, w),
      [doc, plan, workerCode] as const,
    );
    const version = browser.version();
    const row = (what: string, s: number[]) => `| ${what} | ${fmt(quantile(s, 0.5))} ms | ${fmt(quantile(s, 0.95))} ms | ${fmt(Math.max(...s))} ms | ${within(s)} | ${s.length} |`;
    // The editor analyses in a Web Worker whatever the number of rules; the page is where browsers without workers analyse.
    const chosen = result.worker;
    const median = quantile(chosen.samples, 0.5);
    const p95 = quantile(chosen.samples, 0.95);
    return [
      "## Rule editor: findings for a new drag position (Chromium)",
      "",
      `${RULES} rules (country/tier lists, 15 % age ranges, 10 % client prefixes, 5 % user-agent regexes), in Chromium ${version} through playwright-core. ` +
        `${chosen.samples.length} drag positions per pass over three drags (down the whole list, up the whole list, back and forth around the middle), ` +
        "a new position every two frames as a pointer moves. A sample is the time from `LiveAnalysisStore.preview(order)` (what the editor's " +
        "onDragOver calls) until the findings are in the store, plus `indexFindings` (the card badges). " +
        `First analysis of the draft on load: ${fmt(result.worker.firstLoad)} ms (worker) / ${fmt(result.mainPrefetch.firstLoad)} ms (page).`,
      "",
      "| measurement | median | p95 | max | ≤ 16 ms | samples |",
      "|---|---|---|---|---|---|",
      row("**editor: Web Worker, 8 ms budget, memo, prefetch of ±2 positions (round trip)**", chosen.samples),
      row("editor, first visit of each position only", chosen.firstVisits),
      row("in the page (browsers without workers), memo, idle prefetch", result.mainPrefetch.samples),
      row("in the page, 8 ms budget and memo, no prefetch", result.main.samples),
      row("baseline: warm analyzer, exact (no budget, memo or prefetch)", result.exact),
      row("baseline: cold `analyze()` per position", result.cold),
      "",
      `Previews cut short by the 8 ms budget (then refined by an exact run once the pointer rests): ${chosen.inexact} in the worker, ${result.main.inexact} in the page without prefetch. ` +
        `Verdict: the editor's findings for a new position are ready in ${fmt(median)} ms (median), ${fmt(p95)} ms (p95) — ` +
        `${p95 <= FRAME_MS ? "within" : "beyond"} one frame (16 ms) at p95, against ${fmt(quantile(result.exact, 0.5))} ms / ${fmt(quantile(result.exact, 0.95))} ms for exact warm re-analysis ` +
        `and ${fmt(quantile(result.cold, 0.5))} ms / ${fmt(quantile(result.cold, 0.95))} ms for a cold analysis per position.`,
    ].join("\n");
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

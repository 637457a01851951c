import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "../index";
import { hostileRouter } from "../pathological";
import { header, routerDoc, rule } from "../test-fixtures";
import { AnalysisPool } from "./pool";
import { analyzeOnServer } from "./server";

/**
 * A stand-in worker speaking the pool's protocol: it answers at once, except for a
 * document named "hang" (it loops forever, as an unbounded analysis would) or "die".
 */
const scripted = () =>
  new Worker(
    `const { parentPort } = require("node:worker_threads");
     parentPort.on("message", ({ id, doc }) => {
       if (doc.name === "hang") for (;;) {}
       if (doc.name === "die") process.exit(3);
       parentPort.postMessage({ id, findings: [{ severity: "warning", code: "empty_rule", path: "rules.0", message: doc.name }] });
     });
     parentPort.postMessage({ ready: true });`,
    { eval: true },
  );

const named = (name: string) => ({ ...routerDoc([]), name });

/** The longest delay of a 10 ms timer while `work` runs: how long the event loop was held. */
async function loopLag<T>(work: Promise<T>): Promise<{ result: T; lag: number }> {
  let lag = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(lag, now - last - 10);
    last = now;
  }, 10);
  try {
    return { result: await work, lag };
  } finally {
    clearInterval(timer);
  }
}

const pools: AnalysisPool[] = [];
const pool = (options: ConstructorParameters<typeof AnalysisPool>[0]) => {
  const p = new AnalysisPool(options);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe("the analysis worker pool", () => {
  it("answers what analyze() answers in the process, off the event loop", async () => {
    const doc = hostileRouter([
      [header("user-agent", "regex", [".*abcdefghijklmno.*"])],
      [header("user-agent", "prefix", ["z"])],
      [header("user-agent", "regex", ["(a|b)*a(a|b){14}"])],
    ])!;
    const real = pool({ size: 1, graceMs: 60_000 });
    const { result, lag } = await loopLag(real.run(doc, { budgetMs: 1500, maxWaitMs: 60_000 }));
    expect(result.kind).toBe("done");
    const inProcess = analyze(doc, { budgetMs: 60_000 }).filter((f) => !f.uncertain);
    const certain = result.kind === "done" ? result.findings.filter((f) => !f.uncertain) : [];
    // Certain findings found in the worker are the exact ones (the worker may leave more open).
    for (const f of certain) expect(inProcess).toContainEqual(f);
    // The analysis took seconds in the worker; the loop was never held for long.
    expect(lag).toBeLessThan(500);
  }, 120_000);

  it("terminates a worker still busy at the hard timeout, replaces it and serves the next job", async () => {
    const p = pool({ size: 1, graceMs: 200, spawn: scripted });
    const { result, lag } = await loopLag(p.run(named("hang"), { budgetMs: 100, maxWaitMs: 10_000 }));
    expect(result).toEqual({ kind: "timeout", afterMs: 300 });
    expect(lag).toBeLessThan(200);
    expect(p.replaced).toBe(1);
    const next = await p.run(named("after"), { budgetMs: 100, maxWaitMs: 10_000 });
    expect(next.kind === "done" && next.findings[0]!.message).toBe("after");
    expect(p.load.workers).toBe(1);
  });

  it("queues jobs beyond its workers and gives up on one that waits longer than it may", async () => {
    const p = pool({ size: 1, graceMs: 400, spawn: scripted });
    const stuck = p.run(named("hang"), { budgetMs: 100, maxWaitMs: 10_000 });
    const queued = p.run(named("queued"), { budgetMs: 100, maxWaitMs: 10_000 });
    const impatient = p.run(named("impatient"), { budgetMs: 100, maxWaitMs: 50 });
    expect(await impatient).toEqual({ kind: "busy" });
    expect((await stuck).kind).toBe("timeout");
    const served = await queued;
    expect(served.kind === "done" && served.findings[0]!.message).toBe("queued");
  });

  it("a worker that dies fails only its own job", async () => {
    const p = pool({ size: 2, spawn: scripted });
    const [died, fine] = await Promise.all([p.run(named("die"), { budgetMs: 100, maxWaitMs: 5000 }), p.run(named("fine"), { budgetMs: 100, maxWaitMs: 5000 })]);
    expect(died).toEqual({ kind: "failed", reason: "the analysis worker exited (code 3)" });
    expect(fine.kind).toBe("done");
  });

  it("a worker past its heap limit stops instead of growing the server", async () => {
    const greedy = () =>
      new Worker(
        `const { parentPort } = require("node:worker_threads");
         parentPort.on("message", () => { const hoard = []; for (;;) hoard.push(new Array(1e5).fill(hoard.length)); });
         parentPort.postMessage({ ready: true });`,
        { eval: true, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } },
      );
    const p = pool({ size: 1, graceMs: 60_000, spawn: greedy });
    const outcome = await p.run(named("any"), { budgetMs: 100, maxWaitMs: 5000 });
    expect(outcome.kind).toBe("failed");
  }, 60_000);

  it("an analysis that cannot finish answers with the structural findings and says the rest was not checked", async () => {
    const doc = routerDoc([rule("a", [header("x", "regex", ["(a"])]), rule("b", [header("x", "in", ["b"])])], { name: "hang" });
    const p = pool({ size: 1, graceMs: 100, spawn: scripted });
    const answer = await analyzeOnServer(doc, { budgetMs: 50 }, p);
    expect(answer.complete).toBe(false);
    expect(answer.busy).toBe(false);
    expect(answer.findings.map((f) => f.code)).toEqual(["analysis_incomplete", "invalid_regex"]);
    expect(answer.findings[0]!.message).toMatch(/^Overlaps and unreachable rules were not checked: the analysis was stopped after 0\.2 s\./);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { header, routerDoc, rule } from "@/lib/analysis/test-fixtures";
import type { AnalysisRequest, AnalysisResponse } from "./analysis-protocol";
import { LiveAnalysisStore } from "./live-analysis";

/**
 * A stand-in for the analysis worker: answers load and order requests with no findings,
 * except that it never answers while `stuck` (an analysis that does not come back).
 */
function fakeWorkers() {
  const made: { requests: AnalysisRequest[]; terminated: boolean }[] = [];
  let stuck = false;
  const factory = () => {
    const record = { requests: [] as AnalysisRequest[], terminated: false };
    made.push(record);
    const worker = {
      onmessage: null as ((e: MessageEvent<AnalysisResponse>) => void) | null,
      onerror: null,
      postMessage(request: AnalysisRequest) {
        record.requests.push(request);
        if (stuck && request.id !== 0) return;
        queueMicrotask(() => worker.onmessage?.({ data: { id: request.id, findings: [], ms: 1, exact: true } } as unknown as MessageEvent<AnalysisResponse>));
      },
      terminate() {
        record.terminated = true;
      },
    };
    return worker as unknown as Worker;
  };
  return { factory, made, setStuck: (value: boolean) => (stuck = value) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe("the editor's live analysis", () => {
  it("runs in a worker whatever the number of rules", async () => {
    const workers = fakeWorkers();
    const store = new LiveAnalysisStore({ workerFactory: workers.factory });
    store.setDocument(routerDoc([rule("a", [header("x", "in", ["1"])])]));
    await settle();
    expect(store.getSnapshot().engine).toBe("worker");
    expect(workers.made[0]!.requests.map((r) => r.type)).toEqual(["load"]);
    store.dispose();
  });

  it("a worker stuck past its limit is replaced; the draft's findings say the analysis was stopped", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const workers = fakeWorkers();
    workers.setStuck(true);
    const doc = routerDoc([rule("a", [header("x", "regex", [".*abcdefghijklmno.*"])]), rule("b", [header("x", "regex", ["(a"])])]);
    const store = new LiveAnalysisStore({ workerFactory: workers.factory, graceMs: 500 });
    store.setDocument(doc);
    await vi.advanceTimersByTimeAsync(5000 + 400);
    expect(store.getSnapshot().base).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    const snapshot = store.getSnapshot();
    expect(snapshot.timedOut).toBe(true);
    expect(snapshot.error).toBeNull();
    expect(snapshot.base?.findings.map((f) => f.code)).toEqual(["analysis_incomplete", "invalid_regex"]);
    expect(snapshot.base?.findings[0]!.message).toContain("the analysis did not answer within 5.5 s and was stopped");
    // The stuck worker was terminated; its replacement holds the draft, to answer the next drag.
    expect(workers.made.map((w) => w.terminated)).toEqual([true, false]);
    expect(workers.made[1]!.requests).toEqual([{ type: "load", id: 0, doc, analyze: false }]);
    workers.setStuck(false);
    store.preview(["b", "a"]);
    await vi.advanceTimersByTimeAsync(10);
    expect(store.getSnapshot().preview?.order).toEqual(["b", "a"]);
    store.dispose();
  });
});

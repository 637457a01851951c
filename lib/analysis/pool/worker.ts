/**
 * A worker thread of the analysis pool: analyses one document at a time, with one analyzer
 * whose caches (rule shapes, pair verdicts, automata) serve every document it is sent.
 */
import { parentPort } from "node:worker_threads";
import { createAnalyzer } from "../analyzer";
import type { PoolReady, PoolRequest, PoolResponse } from "./protocol";

const port = parentPort;
if (port === null) throw new Error("the analysis worker runs in a worker thread");
const analyzer = createAnalyzer();

port.on("message", (request: PoolRequest) => {
  let response: PoolResponse;
  try {
    response = { id: request.id, findings: analyzer.analyze(request.doc, { budgetMs: request.budgetMs }) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});

port.postMessage({ ready: true } satisfies PoolReady);

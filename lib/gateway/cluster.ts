/**
 * `--workers N`: N gateway processes sharing one port (node:cluster). Each worker keeps its
 * own configuration store and pools; /metrics, whichever worker answers it, returns the sum
 * over all workers, which the primary collects with prom-client's AggregatorRegistry.
 */
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { isWorkerFleetReport, type FleetAggregator, type WorkerFleetReport } from "./fleet-aggregator";

const READY = "turnout:ready";
const METRICS_REQUEST = "turnout:metrics-request";
const METRICS_RESPONSE = "turnout:metrics-response";
const RESTART_DELAY_MS = 1_000;
const METRICS_TIMEOUT_MS = 5_000;

interface MetricsRequest {
  type: typeof METRICS_REQUEST;
  id: number;
}
interface MetricsResponse {
  type: typeof METRICS_RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

/**
 * In the primary: forks the workers, restarts any that dies, serves their metrics requests;
 * `onReady` runs once every first-generation worker is listening.
 */
export function runClusterPrimary(workers: number, log: (line: string) => void, onReady: () => void, fleet?: FleetAggregator): { stop(): Promise<void> } {
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on("exit", (worker: Worker, code, signal) => {
    fleet?.retire(worker.id);
    if (stopping) return;
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });
  let waiting = workers;
  cluster.on("message", (worker: Worker, message: Partial<MetricsRequest> | { type: typeof READY }) => {
    if (isWorkerFleetReport(message)) {
      fleet?.accept(worker.id, message);
      return;
    }
    if (message?.type === READY) {
      if (--waiting === 0) onReady();
      return;
    }
    if (message?.type !== METRICS_REQUEST || typeof message.id !== "number") return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id, text } satisfies MetricsResponse),
      (error: unknown) => worker.isConnected() && worker.send({ type: METRICS_RESPONSE, id, error: (error as Error).message } satisfies MetricsResponse),
    );
  });
  for (let i = 0; i < workers; i++) fork();
  return {
    stop: async () => {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
      await Promise.all(
        alive.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once("exit", () => resolve());
              worker.process.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}

/** In a worker: tells the primary it is listening. */
export function reportWorkerReady(): void {
  process.send?.({ type: READY });
}

/** In a worker: sends the primary what it serves and its counters (see fleet-aggregator.ts). */
export function sendFleetReport(report: Omit<WorkerFleetReport, "type">): void {
  process.send?.({ type: "turnout:fleet-report", ...report } satisfies WorkerFleetReport);
}

/** In a worker: answers the primary's collection requests and asks it for the aggregate. */
export function workerMetrics(registry: Registry): () => Promise<string> {
  // Constructing it installs prom-client's worker-side listener.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  process.on("message", (message: Partial<MetricsResponse>) => {
    if (message?.type !== METRICS_RESPONSE || typeof message.id !== "number") return;
    const request = pending.get(message.id);
    if (request === undefined) return;
    pending.delete(message.id);
    clearTimeout(request.timer);
    if (typeof message.text === "string") request.resolve(message.text);
    else request.reject(new Error(message.error ?? "no metrics from the cluster primary"));
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error("the cluster primary did not answer"));
      }, METRICS_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      process.send!({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
    });
}

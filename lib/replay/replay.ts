/**
 * replay(): what changing a router from one document to another does to recorded traffic.
 * Every sample is decided by both documents with the same engine; random splits and
 * shadows draw from a generator seeded by the sample, the same for both sides, so that only
 * real changes show (a 90/10 → 80/20 random split moves exactly the draws in between).
 * Pure and bounded: a time budget stops it early, and the report says so.
 */
import { compile, seededRng, type CompiledRouter, type DecideOptions } from "../engine";
import type { Decision, RouterDocument, RoutingRequest } from "../router/document";
import type { Sample } from "./sample";
import { MAX_ERROR_EXAMPLES, type ReplayReport } from "./schema";
import { Dependencies } from "./uncertain";

export interface ReplayOptions {
  /** Stop after this many milliseconds; the report then has `complete: false`. */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_BUDGET_MS = 20_000;
/** A window shorter than this projects no rate. */
const MIN_WINDOW_SECONDS = 1;

const labelOf = (d: Decision): string => ("error" in d ? `error:${d.error.code}` : d.route);

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Rule names in the order a reader expects: the `to` document's, then those only `from` has, then default. */
function ruleNames(from: RouterDocument, to: RouterDocument): string[] {
  const names = [...to.rules.map((r) => r.name)];
  for (const r of from.rules) if (!names.includes(r.name)) names.push(r.name);
  if (from.defaultRule || to.defaultRule) names.push("default");
  return names;
}

function splitId(id: string): { source: "header" | "query" | "payload"; key: string } {
  const at = id.indexOf(":");
  return { source: id.slice(0, at) as "header" | "query" | "payload", key: id.slice(at + 1) };
}

function fieldCounts(counts: Map<string, number>, total: number): ReplayReport["uncertain"] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, samples]) => ({ ...splitId(id), samples, share: total > 0 ? samples / total : 0 }));
}

/** A request as an example shows it: the recorded fields, ready for the simulator. */
function exampleRequest(request: RoutingRequest): RoutingRequest {
  return {
    ...(request.headers !== undefined ? { headers: request.headers } : {}),
    ...(request.query !== undefined ? { query: request.query } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}

export class Replayer {
  private readonly fromRouter: CompiledRouter;
  private readonly toRouter: CompiledRouter;
  private readonly fromDeps: Dependencies;
  private readonly toDeps: Dependencies;

  constructor(
    private readonly from: RouterDocument,
    private readonly to: RouterDocument,
  ) {
    this.fromRouter = compile(from);
    this.toRouter = compile(to);
    this.fromDeps = new Dependencies(from, this.fromRouter);
    this.toDeps = new Dependencies(to, this.toRouter);
  }

  run(samples: Iterable<Sample>, options: ReplayOptions = {}): ReplayReport {
    const now = options.now ?? (() => performance.now());
    const deadline = now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
    const matrix = new Map<string, number>();
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    const projectedBefore = new Map<string, number>();
    const projectedAfter = new Map<string, number>();
    const errors = new Map<string, { status: number; count: number; examples: ReplayReport["newErrors"][number]["examples"] }>();
    const keys = new Set<string>();
    const movedKeys = new Set<string>();
    const uncertainTo = new Map<string, number>();
    const uncertainFrom = new Map<string, number>();
    let bySlot = false;
    let total = 0;
    let changed = 0;
    let complete = true;
    let first = Infinity;
    let last = -Infinity;

    for (const sample of samples) {
      if ((total & 255) === 255 && now() > deadline) {
        complete = false;
        break;
      }
      total++;
      const options: DecideOptions | undefined = sample.slot !== undefined ? { slot: sample.slot } : undefined;
      const a = this.fromRouter.decide(sample.request, seededRng(sample.seed), options);
      const b = this.toRouter.decide(sample.request, seededRng(sample.seed), options);
      const labelA = labelOf(a);
      const labelB = labelOf(b);
      bump(matrix, `${labelA}\u0000${labelB}`);
      if (!("error" in a)) bump(before, a.rule);
      if (!("error" in b)) bump(after, b.rule);
      const weight = 1 / sample.rate;
      bump(projectedBefore, labelA, weight);
      bump(projectedAfter, labelB, weight);
      if (sample.time !== undefined && Number.isFinite(sample.time)) {
        if (sample.time < first) first = sample.time;
        if (sample.time > last) last = sample.time;
      }
      const moved = labelA !== labelB;
      if (moved) changed++;

      if ("error" in b && !("error" in a && a.error.code === b.error.code)) {
        let entry = errors.get(b.error.code);
        if (entry === undefined) errors.set(b.error.code, (entry = { status: b.error.status, count: 0, examples: [] }));
        entry.count++;
        if (entry.examples.length < MAX_ERROR_EXAMPLES) {
          entry.examples.push({
            ...(sample.id !== undefined ? { id: sample.id } : {}),
            ...(sample.time !== undefined ? { time: new Date(sample.time).toISOString() } : {}),
            before: labelA,
            request: exampleRequest(sample.request),
          });
        }
      }

      const stickyA = !("error" in a) && a.sticky;
      const stickyB = !("error" in b) && b.sticky;
      if (stickyA || stickyB) {
        const key = (!("error" in b) ? b.key : undefined) ?? (!("error" in a) ? a.key : undefined);
        const identity = key !== undefined ? `k:${key}` : sample.slot !== undefined ? `s:${sample.slot}` : undefined;
        if (identity !== undefined) {
          if (key === undefined) bySlot = true;
          keys.add(identity);
          if (moved) movedKeys.add(identity);
        }
      }

      if (sample.recording !== undefined) {
        for (const id of this.toDeps.of(sample)) bump(uncertainTo, id);
        for (const id of this.fromDeps.of(sample)) bump(uncertainFrom, id);
      }
    }

    const seconds = last > first ? (last - first) / 1000 : 0;
    const windowSeconds = seconds >= MIN_WINDOW_SECONDS ? seconds : null;
    const labels = [...new Set([...projectedBefore.keys(), ...projectedAfter.keys()])].sort();
    return {
      total,
      changed,
      complete,
      window: {
        start: Number.isFinite(first) ? new Date(first).toISOString() : null,
        end: Number.isFinite(last) ? new Date(last).toISOString() : null,
        seconds: windowSeconds,
      },
      matrix: [...matrix]
        .map(([key, count]) => {
          const [from, to] = key.split("\u0000") as [string, string];
          return { from, to, count };
        })
        .sort((x, y) => y.count - x.count || x.from.localeCompare(y.from) || x.to.localeCompare(y.to)),
      rules: ruleNames(this.from, this.to).map((rule) => ({ rule, before: before.get(rule) ?? 0, after: after.get(rule) ?? 0 })),
      newErrors: [...errors]
        .map(([code, e]) => ({ code, status: e.status, count: e.count, examples: e.examples }))
        .sort((x, y) => y.count - x.count || x.code.localeCompare(y.code)),
      stickyKeys: { by: bySlot ? "slot" : "key", distinct: keys.size, changed: movedKeys.size },
      projected:
        windowSeconds === null
          ? []
          : labels.map((route) => ({ route, before: (projectedBefore.get(route) ?? 0) / windowSeconds, after: (projectedAfter.get(route) ?? 0) / windowSeconds })),
      uncertain: fieldCounts(uncertainTo, total),
      uncertainFrom: fieldCounts(uncertainFrom, total),
    };
  }
}

/** Replays `samples` from `from` to `to` (see Replayer). */
export function replay(from: RouterDocument, to: RouterDocument, samples: Iterable<Sample>, options: ReplayOptions = {}): ReplayReport {
  return new Replayer(from, to).run(samples, options);
}

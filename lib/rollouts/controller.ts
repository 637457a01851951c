/**
 * The rollout controller: runs in every console process, acts in one. Leadership is a
 * session-level PostgreSQL advisory lock held on a connection of its own; when that
 * connection drops, the lock goes with it and another console takes over at its next tick.
 * Every tick the leader reads each active rollout, evaluates its gates when an evaluation
 * is due (the fleet's metrics over the last interval), asks `decide` what to do and applies
 * that in one compare-and-set transaction — so a restart, or a second controller that
 * believes it leads, never deploys a stage twice. All state lives in PostgreSQL.
 */
import pg from "pg";
import { prisma, type Db } from "@/lib/db/client";
import { routerMetrics, type RouterMetrics } from "@/lib/fleet/router-metrics";
import { decide, evaluationDue } from "./decide";
import { evaluateGates, type Evaluation } from "./gates";
import { stagesOf } from "./plan";
import { sampleOf, type MetricsSample } from "./sample";
import { baselineWeightAt, stateOf, type RolloutRecord, type StoredSpec } from "./stored";
import { applyDecision } from "./transitions";

/** The advisory lock's two keys ("turn", "roll"): one controller per database. */
const LOCK_KEYS = [0x7475726e, 0x726f6c6c] as const;
export const CONTROLLER_DEFAULTS = { tickMs: 1_000, connectTimeoutMs: 5_000 } as const;
/** Active rollouts read per tick at most (there is at most one per router). */
const MAX_ROLLOUTS_PER_TICK = 1_000;

export type MetricsReader = (project: string, router: string, windowSeconds: number) => Promise<RouterMetrics>;

export type ControllerOptions = {
  db: Db;
  /** For the lock's own connection. */
  databaseUrl: string;
  tickMs?: number;
  log?: (line: string) => void;
  /** Where the figures come from; by default the fleet's (heartbeats, or Prometheus with TURNOUT_PROMETHEUS_URL). */
  metrics?: MetricsReader;
};

export class RolloutController {
  private readonly db: Db;
  private readonly tickMs: number;
  private readonly log: (line: string) => void;
  private readonly metrics: MetricsReader;
  private lockClient: pg.Client | null = null;
  private leader = false;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ControllerOptions) {
    this.db = options.db;
    this.tickMs = options.tickMs ?? CONTROLLER_DEFAULTS.tickMs;
    this.log = options.log ?? (() => {});
    this.metrics = options.metrics ?? ((project, router, windowSeconds) => routerMetrics(this.db, project, router, { windowSeconds }));
  }

  /** Whether this controller holds the lock (as of its last tick). */
  get isLeader(): boolean {
    return this.leader;
  }

  start(): this {
    const loop = () => {
      if (this.stopped) return;
      this.current = this.tick()
        .catch((error: unknown) => this.log(`rollout controller: ${message(error)}`))
        .finally(() => {
          this.current = null;
          if (!this.stopped) {
            this.timer = setTimeout(loop, this.tickMs);
            this.timer.unref();
          }
        });
    };
    loop();
    return this;
  }

  /** Stops ticking, waits for the tick under way, and gives the lock up. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
    // Once this resolves the session is gone, and with it the lock: another console may lead at once.
    await this.dropLock("stopped");
  }

  /** One pass over the active rollouts, if this controller leads. */
  async tick(): Promise<void> {
    if (!(await this.lead())) return;
    const now = (await this.db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now.getTime();
    const rows = await this.db.rollout.findMany({
      where: { status: { in: ["running", "paused"] } },
      include: { router: { select: { name: true } }, project: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
      take: MAX_ROLLOUTS_PER_TICK,
    });
    for (const row of rows) {
      if (this.stopped || !this.leader) return;
      const r: RolloutRecord = { ...row, spec: row.spec as unknown as StoredSpec, status: row.status as RolloutRecord["status"], pause: row.pause as RolloutRecord["pause"] };
      try {
        await this.step(r, row.projectId, row.project.name, row.router.name, now);
      } catch (error) {
        // A deploy of the router in flight (409), the database away: the next tick tries again.
        this.log(`rollout controller: ${row.project.name}/${row.router.name} rollout ${row.number}: ${message(error)}`);
      }
    }
  }

  private async step(r: RolloutRecord, projectId: string, project: string, router: string, now: number): Promise<void> {
    const stages = stagesOf(r.spec);
    const state = stateOf(r);
    let evaluation: Evaluation | null = null;
    if (evaluationDue(r.spec.gates, state, now)) {
      const stage = stages[r.stage]!;
      let sample: MetricsSample;
      try {
        sample = sampleOf(await this.metrics(project, router, r.spec.gates.intervalSeconds), r.rule, r.baseline, r.canary);
      } catch (error) {
        sample = { ok: false, error: message(error) };
      }
      evaluation = evaluateGates(r.spec.gates, { stage, baselineWeight: baselineWeightAt(r.spec, stage) }, sample);
    }
    const decision = decide(r.spec.gates, stages, state, now, evaluation);
    if (evaluation === null && decision.action.kind === "hold") return;
    const applied = await applyDecision(
      this.db,
      { projectId, routerName: router, number: r.number, seq: r.seq },
      decision,
      evaluation ? { at: now, stage: r.stage, result: evaluation } : null,
      now,
    );
    if (applied === "applied" && decision.action.kind !== "hold") this.log(`rollout controller: ${project}/${router} rollout ${r.number}: ${describe(decision.action)}`);
  }

  /** Takes (or checks) the advisory lock on the controller's own connection. */
  private async lead(): Promise<boolean> {
    if (this.stopped) return false;
    try {
      if (this.lockClient === null) {
        const client = new pg.Client({ connectionString: this.options.databaseUrl, connectionTimeoutMillis: CONTROLLER_DEFAULTS.connectTimeoutMs, application_name: "turnout rollout controller" });
        client.on("error", () => void this.dropLock("its database connection failed"));
        client.on("end", () => void this.dropLock("its database connection ended"));
        this.lockClient = client;
        await client.connect();
      }
      if (this.leader) {
        // The lock lives as long as the connection: prove the connection is still there.
        await this.lockClient.query("SELECT 1");
        return this.leader;
      }
      const { rows } = await this.lockClient.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [...LOCK_KEYS]);
      if (rows[0]?.ok && !this.stopped) {
        this.leader = true;
        this.log("rollout controller: leading (advisory lock taken)");
      }
      return this.leader;
    } catch (error) {
      void this.dropLock(message(error));
      return false;
    }
  }

  private dropLock(why: string): Promise<void> {
    const client = this.lockClient;
    this.lockClient = null;
    if (this.leader) this.log(`rollout controller: no longer leading (${why})`);
    this.leader = false;
    return client ? client.end().catch(() => {}) : Promise.resolve();
  }
}

function describe(action: ReturnType<typeof decide>["action"]): string {
  switch (action.kind) {
    case "advance":
      return `advanced to stage ${action.to}`;
    case "abort":
      return `aborted: ${action.reason}`;
    case "complete":
      return "completed";
    case "await-approval":
      return "waiting for approval";
    default:
      return action.kind;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const globalForController = globalThis as unknown as { turnoutRolloutController?: RolloutController };

/**
 * Starts this process's controller (once): the console calls it at start. Off with
 * TURNOUT_ROLLOUT_CONTROLLER=0; TURNOUT_ROLLOUT_TICK_MS sets how often it looks (1 000).
 */
export function startRolloutController(log: (line: string) => void = (line) => console.log(line)): RolloutController | null {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.TURNOUT_ROLLOUT_CONTROLLER === "0") return null;
  const tick = Number(process.env.TURNOUT_ROLLOUT_TICK_MS);
  globalForController.turnoutRolloutController ??= new RolloutController({
    db: prisma(),
    databaseUrl: url,
    tickMs: Number.isFinite(tick) && tick >= 50 ? tick : CONTROLLER_DEFAULTS.tickMs,
    log,
  }).start();
  return globalForController.turnoutRolloutController;
}

/**
 * Rollouts in PostgreSQL: starting one (validated against the active version, its first
 * stage deployed in the same transaction), reading one with its timeline, events and
 * evaluations, and listing them per router or per project. Every query is scoped by project.
 */
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { translateDbError } from "@/lib/db/translate-error";
import { DomainError, DuplicateError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { lockRouterForDeploy } from "@/lib/versions/repo";
import { nextEvaluationAt } from "./decide";
import { lockActiveRollout } from "./guard";
import { planIssues, poolOf, ruleBody, stageLabel, stagesOf, weightIn } from "./plan";
import type { EvaluationView, RolloutCreate, RolloutDetail, RolloutStatus, RolloutSummary } from "./schema";
import { canaryWeightAt, stageMessage, stateOf, type RolloutRecord, type StoredSpec } from "./stored";
import { CONTROLLER_ACTOR, deployStageIn, lockRollout, type RolloutRef } from "./transitions";

const TRANSACTION = { maxWait: 10_000, timeout: 20_000 };
/** Evaluations a rollout's page shows (the newest). */
const EVALUATIONS_SHOWN = 500;
const EVENTS_SHOWN = 500;

type RolloutRow = Prisma.RolloutGetPayload<{ include: { router: { select: { name: true } } } }>;

function record(row: Prisma.RolloutGetPayload<object>): RolloutRecord {
  return { ...row, spec: row.spec as unknown as StoredSpec, status: row.status as RolloutStatus, pause: row.pause as RolloutRecord["pause"] };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function summaryOf(row: RolloutRow): RolloutSummary {
  const r = record(row);
  const stages = stagesOf(r.spec);
  const stage = stages[r.stage];
  return {
    id: r.number,
    router: row.router.name,
    rule: r.rule,
    baseline: r.baseline,
    canary: r.canary,
    status: r.status,
    pause: r.pause,
    stage: r.stage,
    stageLabel: stage ? stageLabel(stage, r.spec.steps.length) : "",
    stages: stages.length,
    weight: canaryWeightAt(r.spec, stage),
    startVersion: row.startVersion,
    currentVersion: row.endVersion ?? r.stageVersion,
    reason: row.reason,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    endedAt: iso(row.endedAt),
  };
}

async function routerOf(db: Db, projectId: string, routerName: string) {
  const router = await db.router.findUnique({ where: { projectId_name: { projectId, name: routerName } }, select: { id: true } });
  if (!router) throw new NotFoundError("router", routerName);
  return router;
}

/**
 * Starts a rollout of `body.canary` in `body.rule` of the router's active version and
 * deploys its first stage, in one transaction with the router's deploy lock: a second
 * rollout of the router while one runs gets 409 (and the database refuses it anyway).
 */
export async function createRollout(db: Db, projectId: string, routerName: string, body: RolloutCreate, actor: string): Promise<RolloutDetail> {
  let number = 0;
  try {
    await db.$transaction(async (tx) => {
      const router = await lockRouterForDeploy(tx, projectId, routerName);
      const running = await lockActiveRollout(tx, router.id);
      if (running) {
        throw new DomainError(`rollout ${running.number} of router '${routerName}' is still in progress: finish or abort it first`, 409, "rollout_in_progress", { rollout: running.number });
      }
      const active = router.activeVersionId ? await tx.version.findUnique({ where: { id: router.activeVersionId } }) : null;
      const start = active ? storedRouterDocumentSchema.parse(active.document) : null;
      const issues = planIssues(start, body);
      if (issues.length > 0 || !active || !start) throw new ValidationError("the rollout does not fit the router's active version", issues);
      const split = ruleBody(start, body.rule)!.split;
      const spec: StoredSpec = {
        steps: body.steps,
        shadow: body.shadow,
        gates: body.gates,
        start: { canary: weightIn(split, body.canary), pool: poolOf(split, body.baseline, body.canary) / 100 },
      };
      const last = await tx.rollout.aggregate({ where: { routerId: router.id }, _max: { number: true } });
      number = (last._max.number ?? 0) + 1;
      const now = (await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now;
      const created = await tx.rollout.create({
        data: {
          projectId,
          routerId: router.id,
          number,
          rule: body.rule,
          baseline: body.baseline,
          canary: body.canary,
          spec: spec as unknown as Prisma.InputJsonValue,
          description: body.description ?? "",
          startVersionId: active.id,
          startVersion: active.number,
          status: "running",
          stage: 0,
          stageStartedAt: now,
          createdBy: actor,
          createdAt: now,
          updatedAt: now,
        },
      });
      const locked = await lockRollout(tx, { projectId, routerName, number });
      const version = await deployStageIn(tx, locked, routerName, 0);
      await tx.rollout.update({ where: { id: created.id }, data: { stageVersion: version } });
      const first = stagesOf(spec)[0]!;
      await tx.rolloutEvent.create({ data: { rolloutId: created.id, kind: "started", actor, stage: 0, version: active.number, detail: `from version ${active.number}` } });
      await tx.rolloutEvent.create({ data: { rolloutId: created.id, kind: "stage", actor: CONTROLLER_ACTOR, stage: 0, version, detail: stageMessage(number, spec, first, body.canary) } });
      await recordAudit(tx, {
        projectId,
        actor,
        action: "rollout.create",
        targetType: "rollout",
        targetName: `${routerName}/${number}`,
        before: null,
        after: { rule: body.rule, baseline: body.baseline, canary: body.canary, steps: body.steps, shadow: body.shadow, gates: body.gates, startVersion: active.number, version },
      });
    }, TRANSACTION);
  } catch (error) {
    const translated = translateDbError(error, "rollout");
    // Two starts racing past the check: the partial unique index lets one through.
    if (translated instanceof DuplicateError) throw new DomainError(`another rollout of router '${routerName}' has just started`, 409, "rollout_in_progress");
    throw translated;
  }
  return getRollout(db, { projectId, routerName, number });
}

function evaluationView(e: Prisma.RolloutEvaluationGetPayload<object>): EvaluationView {
  const sample = e.sample as Record<string, unknown>;
  const ok = !("error" in sample);
  return {
    at: e.at.toISOString(),
    stage: e.stage,
    verdict: e.verdict as EvaluationView["verdict"],
    reason: e.reason,
    gates: e.gates as EvaluationView["gates"],
    baseline: ok ? (sample.baseline as EvaluationView["baseline"]) : null,
    canary: ok ? (sample.canary as EvaluationView["canary"]) : null,
    shadow: ok ? (sample.shadow as EvaluationView["shadow"]) : null,
  };
}

export async function getRollout(db: Db, ref: RolloutRef): Promise<RolloutDetail> {
  const router = await routerOf(db, ref.projectId, ref.routerName);
  const row = await db.rollout.findUnique({ where: { routerId_number: { routerId: router.id, number: ref.number } }, include: { router: { select: { name: true } } } });
  if (!row) throw new NotFoundError("rollout", `${ref.routerName}/${ref.number}`);
  const [events, evaluations] = await Promise.all([
    db.rolloutEvent.findMany({ where: { rolloutId: row.id }, orderBy: { id: "asc" }, take: EVENTS_SHOWN }),
    db.rolloutEvaluation.findMany({ where: { rolloutId: row.id }, orderBy: { id: "desc" }, take: EVALUATIONS_SHOWN }),
  ]);
  const r = record(row);
  const stages = stagesOf(r.spec);
  const entered = new Map<number, { version: number | null; at: Date }>();
  for (const e of events) if (e.kind === "stage" && e.stage !== null) entered.set(e.stage, { version: e.version, at: e.at });
  const finished = r.status === "completed" || r.status === "aborted";
  const next = nextEvaluationAt(r.spec.gates, stateOf(r));
  return {
    ...summaryOf(row),
    spec: { steps: r.spec.steps, shadow: r.spec.shadow, gates: r.spec.gates },
    stageStartedAt: r.stageStartedAt.toISOString(),
    nextEvaluationAt: next === null ? null : new Date(next).toISOString(),
    failures: r.failures,
    passes: r.passes,
    timeline: stages.map((s) => {
      const at = entered.get(s.index);
      const state =
        s.index < r.stage
          ? at
            ? "done"
            : "skipped"
          : s.index > r.stage
            ? finished
              ? "skipped"
              : "pending"
            : r.status === "completed"
              ? "done"
              : r.status === "aborted"
                ? "aborted"
                : "current";
      return {
        index: s.index,
        kind: s.kind,
        label: stageLabel(s, r.spec.steps.length),
        weight: canaryWeightAt(r.spec, s),
        shadowPercent: s.kind === "shadow" ? s.percent : null,
        minSeconds: s.minSeconds,
        pause: s.pause,
        state,
        version: at?.version ?? null,
        startedAt: at ? at.at.toISOString() : null,
      };
    }),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, stage: e.stage, version: e.version, actor: e.actor, detail: e.detail })),
    evaluations: evaluations.reverse().map(evaluationView),
  };
}

type ListFilter = { status?: RolloutStatus | "active"; limit: number; cursor?: string };

function statusWhere(status: ListFilter["status"]): Prisma.RolloutWhereInput {
  if (status === undefined) return {};
  if (status === "active") return { status: { in: ["running", "paused"] } };
  return { status };
}

/** Newest first, keyset-paginated on the creation time and id. */
async function listWhere(db: Db, where: Prisma.RolloutWhereInput, f: ListFilter): Promise<{ items: RolloutSummary[]; nextCursor: string | null }> {
  let after: Prisma.RolloutWhereInput = {};
  if (f.cursor !== undefined) {
    const [ms, id] = Buffer.from(f.cursor, "base64url").toString("utf8").split("|");
    const at = new Date(Number(ms));
    if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(at.getTime())) {
      throw new DomainError("not a cursor from this API", 400, "invalid_query", { issues: [{ path: "cursor", message: "pass the previous page's nextCursor" }] });
    }
    after = { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
  }
  const rows = await db.rollout.findMany({
    where: { AND: [where, statusWhere(f.status), after] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
    include: { router: { select: { name: true } } },
  });
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(summaryOf),
    nextCursor: rows.length > f.limit && last ? Buffer.from(`${last.createdAt.getTime()}|${last.id}`).toString("base64url") : null,
  };
}

export async function listRouterRollouts(db: Db, projectId: string, routerName: string, f: ListFilter) {
  const router = await routerOf(db, projectId, routerName);
  return listWhere(db, { projectId, routerId: router.id }, f);
}

export function listProjectRollouts(db: Db, projectId: string, f: ListFilter) {
  return listWhere(db, { projectId }, f);
}

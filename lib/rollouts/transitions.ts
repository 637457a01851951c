/**
 * Every change of a rollout's state, each one transaction: the rollout row is locked and
 * compared with the state the change was decided on (`seq`), so a change decided twice —
 * by two controllers, or by one that restarted — happens once. A change that deploys also
 * takes the router's deploy lock first (router, then rollout: the order deploys use) and
 * records the stage and the version deployed for it in the deploy's own transaction.
 */
import { recordAudit } from "@/lib/audit/record";
import type { Db, Tx } from "@/lib/db/client";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { freezeDocument } from "@/lib/versions/freeze";
import { activateDocument, lockRouterForDeploy } from "@/lib/versions/repo";
import type { Action, RolloutState } from "./decide";
import type { Evaluation } from "./gates";
import { stageDocument, stageLabel, stagesOf } from "./plan";
import { abortMessage, promoteMessage, specOf, stageMessage, type RolloutRecord, type StoredSpec } from "./stored";

/** The actor of the controller's own changes in versions, events and the audit log. */
export const CONTROLLER_ACTOR = "rollout controller";

// Deploys write one version; a busy host may queue them briefly.
const TRANSACTION = { maxWait: 10_000, timeout: 20_000 };

export type RolloutRef = { projectId: string; routerName: string; number: number };

type LockedRollout = RolloutRecord & { routerId: string; projectId: string; startVersionId: string; startVersion: number; endVersion: number | null };

export async function lockRollout(tx: Tx, ref: RolloutRef): Promise<LockedRollout> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT o.id::text FROM rollouts o JOIN routers r ON r.id = o."routerId"
    WHERE r."projectId" = ${ref.projectId}::uuid AND r.name = ${ref.routerName} AND o.number = ${ref.number}
    FOR UPDATE OF o`;
  const id = rows[0]?.id;
  if (!id) throw new NotFoundError("rollout", `${ref.routerName}/${ref.number}`);
  const row = await tx.rollout.findUniqueOrThrow({ where: { id } });
  return { ...row, spec: row.spec as unknown as StoredSpec, status: row.status as RolloutRecord["status"], pause: row.pause as RolloutRecord["pause"] };
}

/** Deploys stage `index` of the rollout: the start version's document with the stage's weights, slot tables moved from the active version's. */
export async function deployStageIn(tx: Tx, r: LockedRollout, routerName: string, index: number, message?: string): Promise<number> {
  const stage = stagesOf(r.spec)[index];
  if (!stage) throw new DomainError(`rollout ${r.number} has no stage ${index}`, 409, "invalid_stage");
  const start = await tx.version.findUniqueOrThrow({ where: { id: r.startVersionId }, select: { document: true } });
  const router = await tx.router.findUniqueOrThrow({ where: { id: r.routerId }, select: { activeVersion: { select: { document: true } } } });
  const startDoc = storedRouterDocumentSchema.parse(start.document);
  const activeDoc = router.activeVersion ? storedRouterDocumentSchema.parse(router.activeVersion.document) : undefined;
  const frozen = freezeDocument(stageDocument(startDoc, specOf(r), stage), activeDoc);
  const text = message ?? stageMessage(r.number, r.spec, stage, r.canary);
  const { number } = await activateDocument(tx, { projectId: r.projectId, routerId: r.routerId, routerName, document: frozen, message: text, author: CONTROLLER_ACTOR });
  await recordAudit(tx, {
    projectId: r.projectId,
    actor: CONTROLLER_ACTOR,
    action: "router.deploy",
    targetType: "router",
    targetName: routerName,
    before: null,
    after: { version: number, message: text, rollout: r.number },
  });
  return number;
}

/** Deploys the start version's document again, slot tables and all: every key back on its route. */
async function redeployStartIn(tx: Tx, r: LockedRollout, routerName: string, reason: string, actor: string): Promise<number> {
  const start = await tx.version.findUniqueOrThrow({ where: { id: r.startVersionId }, select: { document: true } });
  const text = abortMessage(r.number, r.startVersion, reason);
  const { number } = await activateDocument(tx, { projectId: r.projectId, routerId: r.routerId, routerName, document: start.document, message: text, author: actor });
  await recordAudit(tx, { projectId: r.projectId, actor, action: "router.deploy", targetType: "router", targetName: routerName, before: null, after: { version: number, message: text, rollout: r.number, from: r.startVersion } });
  return number;
}

function evaluationRow(rolloutId: string, stage: number, at: Date, e: Evaluation): Prisma.RolloutEvaluationUncheckedCreateInput {
  const route = (s: { requests: number; errors: number; p95Seconds: number | null }) => ({
    requests: s.requests,
    errors: s.errors,
    errorRate: s.requests > 0 ? Math.round((s.errors / s.requests) * 10_000) / 100 : null,
    p95Ms: s.p95Seconds === null ? null : Math.round(s.p95Seconds * 10_000) / 10,
  });
  const sample = e.sample.ok
    ? {
        baseline: route(e.sample.baseline),
        canary: route(e.sample.canary),
        shadow: { ...e.sample.shadow, agreement: e.sample.shadow.compared > 0 ? Math.round((e.sample.shadow.agreeing / e.sample.shadow.compared) * 10_000) / 100 : null },
      }
    : { error: e.sample.error };
  return { rolloutId, stage, at, verdict: e.verdict, reason: e.reason.slice(0, 2000), gates: e.gates as unknown as Prisma.InputJsonValue, sample: sample as Prisma.InputJsonValue };
}

async function event(tx: Tx, rolloutId: string, kind: string, actor: string, fields: { stage?: number; version?: number | null; detail?: string; at?: Date } = {}) {
  await tx.rolloutEvent.create({ data: { rolloutId, kind, actor, stage: fields.stage ?? null, version: fields.version ?? null, detail: (fields.detail ?? "").slice(0, 2000), ...(fields.at ? { at: fields.at } : {}) } });
}

function audit(tx: Tx, r: LockedRollout, routerName: string, actor: string, action: string, before: unknown, after: unknown) {
  return recordAudit(tx, { projectId: r.projectId, actor, action, targetType: "rollout", targetName: `${routerName}/${r.number}`, before, after });
}

const stateFields = (s: RolloutState) => ({
  status: s.status,
  pause: s.pause,
  approved: s.approved,
  stage: s.stage,
  stageStartedAt: new Date(s.stageStartedAt),
  lastEvaluatedAt: s.lastEvaluatedAt === null ? null : new Date(s.lastEvaluatedAt),
  failures: s.failures,
  passes: s.passes,
});

export type Applied = "applied" | "stale";

/**
 * Applies one controller decision taken on the rollout as it was at `seq`: records the
 * evaluation, writes the new state and does what the action says (deploy the next stage,
 * deploy the start version again, finish). Nothing happens when the rollout changed since.
 */
export async function applyDecision(
  db: Db,
  ref: RolloutRef & { seq: number },
  decision: { state: RolloutState; action: Action },
  evaluation: { at: number; stage: number; result: Evaluation } | null,
  nowMs: number,
): Promise<Applied> {
  const deploys = decision.action.kind === "advance" || decision.action.kind === "abort";
  return withDbErrors("rollout", () =>
    db.$transaction(async (tx) => {
      if (deploys) await lockRouterForDeploy(tx, ref.projectId, ref.routerName);
      const r = await lockRollout(tx, ref);
      if (r.seq !== ref.seq) return "stale";
      if (evaluation) await tx.rolloutEvaluation.create({ data: evaluationRow(r.id, evaluation.stage, new Date(evaluation.at), evaluation.result) });
      const now = new Date(nowMs);
      const data: Prisma.RolloutUncheckedUpdateInput = { ...stateFields(decision.state), seq: { increment: 1 }, updatedAt: new Date() };
      const action = decision.action;
      const stages = stagesOf(r.spec);
      if (action.kind === "advance") {
        const version = await deployStageIn(tx, r, ref.routerName, action.to);
        data.stageVersion = version;
        await event(tx, r.id, "stage", CONTROLLER_ACTOR, { stage: action.to, version, detail: stageMessage(r.number, r.spec, stages[action.to]!, r.canary) });
        await audit(tx, r, ref.routerName, CONTROLLER_ACTOR, "rollout.step", { stage: r.stage, version: r.stageVersion }, { stage: action.to, version });
      } else if (action.kind === "abort") {
        const version = await redeployStartIn(tx, r, ref.routerName, action.reason, CONTROLLER_ACTOR);
        Object.assign(data, { reason: action.reason, endVersion: version, endedAt: now });
        await event(tx, r.id, "aborted", CONTROLLER_ACTOR, { stage: r.stage, version, detail: action.reason });
        await audit(tx, r, ref.routerName, CONTROLLER_ACTOR, "rollout.abort", { status: r.status, stage: r.stage }, { status: "aborted", reason: action.reason, version });
      } else if (action.kind === "complete") {
        const reason = `completed: ${stageLabel(stages[r.stage]!, r.spec.steps.length)} passed its gates`;
        Object.assign(data, { reason, endVersion: r.stageVersion, endedAt: now });
        await event(tx, r.id, "completed", CONTROLLER_ACTOR, { stage: r.stage, version: r.stageVersion, detail: reason });
        await audit(tx, r, ref.routerName, CONTROLLER_ACTOR, "rollout.complete", { status: r.status, stage: r.stage }, { status: "completed", version: r.stageVersion });
      } else if (action.kind === "await-approval") {
        await event(tx, r.id, "awaiting_approval", CONTROLLER_ACTOR, { stage: r.stage, detail: `${stageLabel(stages[r.stage]!, r.spec.steps.length)} passed: resume to go on` });
      }
      await tx.rollout.update({ where: { id: r.id }, data });
      return "applied";
    }, TRANSACTION),
  );
}

export type ManualAction = "pause" | "resume" | "promote" | "abort";

function refuse(r: LockedRollout, routerName: string, action: ManualAction): never {
  const state = r.status === "paused" ? "paused" : r.status;
  throw new DomainError(`rollout ${r.number} of router '${routerName}' is ${state}: it cannot be ${{ pause: "paused", resume: "resumed", promote: "promoted", abort: "aborted" }[action]}`, 409, "rollout_state", {
    // Not `status`: the problem's own field is the HTTP status.
    rolloutStatus: r.status,
  });
}

/**
 * pause: a running rollout stops advancing (it is still evaluated, and still aborted when
 * its gates fail). resume: it goes on; a step that waited for approval is approved.
 * promote: the last step's weights are deployed at once and the rollout completes.
 * abort: the start version is deployed again and the rollout ends.
 */
export async function actOnRollout(db: Db, ref: RolloutRef, action: ManualAction, actor: string): Promise<void> {
  const deploys = action === "promote" || action === "abort";
  await withDbErrors("rollout", () =>
    db.$transaction(async (tx) => {
      if (deploys) await lockRouterForDeploy(tx, ref.projectId, ref.routerName);
      const r = await lockRollout(tx, ref);
      const before = { status: r.status, pause: r.pause, stage: r.stage };
      const data: Prisma.RolloutUncheckedUpdateInput = { seq: { increment: 1 }, updatedAt: new Date() };
      const stages = stagesOf(r.spec);
      const now = (await tx.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0]!.now;
      switch (action) {
        case "pause":
          if (r.status !== "running") refuse(r, ref.routerName, action);
          Object.assign(data, { status: "paused", pause: "manual" });
          await event(tx, r.id, "paused", actor, { stage: r.stage });
          break;
        case "resume":
          if (r.status !== "paused") refuse(r, ref.routerName, action);
          Object.assign(data, { status: "running", pause: null, approved: r.pause === "approval" ? true : r.approved });
          await event(tx, r.id, "resumed", actor, { stage: r.stage, detail: r.pause === "approval" ? `approved ${stageLabel(stages[r.stage]!, r.spec.steps.length)}` : "" });
          break;
        case "promote": {
          if (r.status !== "running" && r.status !== "paused") refuse(r, ref.routerName, action);
          const last = stages.length - 1;
          const alreadyThere = r.stage === last && r.stageVersion !== null;
          const version = alreadyThere ? r.stageVersion : await deployStageIn(tx, r, ref.routerName, last, promoteMessage(r.number, r.spec, r.canary));
          const reason = `promoted by ${actor}`;
          Object.assign(data, { status: "completed", pause: null, stage: last, stageVersion: version, stageStartedAt: now, reason, endVersion: version, endedAt: now });
          await event(tx, r.id, "promoted", actor, { stage: last, version, detail: reason });
          break;
        }
        case "abort": {
          if (r.status !== "running" && r.status !== "paused") refuse(r, ref.routerName, action);
          const reason = `aborted by ${actor}`;
          const version = await redeployStartIn(tx, r, ref.routerName, reason, actor);
          Object.assign(data, { status: "aborted", pause: null, reason, endVersion: version, endedAt: now });
          await event(tx, r.id, "aborted", actor, { stage: r.stage, version, detail: reason });
          break;
        }
      }
      await tx.rollout.update({ where: { id: r.id }, data });
      const after = await tx.rollout.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, pause: true, stage: true, endVersion: true } });
      await audit(tx, r, ref.routerName, actor, `rollout.${action}`, before, after);
    }, TRANSACTION),
  );
}

/**
 * A rollout owns its router's deploys while it runs: a manual deploy or rollback is refused
 * (409) unless the caller asks to abort the rollout, in which case the rollout ends here and
 * the caller's deploy becomes the active version. Called inside the deploy's transaction,
 * after the router's deploy lock is taken (the lock order is router, then rollout).
 */
import { recordAudit } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

export type ActiveRolloutRow = { id: string; number: number; stage: number; status: string };

/** The router's running or paused rollout, locked for the rest of the transaction. */
export async function lockActiveRollout(tx: Tx, routerId: string): Promise<ActiveRolloutRow | null> {
  const rows = await tx.$queryRaw<ActiveRolloutRow[]>`
    SELECT id::text, number, stage, status FROM rollouts
    WHERE "routerId" = ${routerId}::uuid AND status IN ('running', 'paused')
    FOR UPDATE`;
  return rows[0] ?? null;
}

export async function settleActiveRollout(
  tx: Tx,
  c: { projectId: string; routerId: string; routerName: string; actor: string; abortRollout: boolean; what: "deploy" | "rollback" },
): Promise<void> {
  const active = await lockActiveRollout(tx, c.routerId);
  if (active === null) return;
  if (!c.abortRollout) {
    throw new DomainError(
      `rollout ${active.number} of router '${c.routerName}' is in progress and deploys its steps itself: abort it first, or ${c.what} with "abortRollout": true to abort it`,
      409,
      "rollout_in_progress",
      { rollout: active.number },
    );
  }
  const reason = `aborted by ${c.actor}'s manual ${c.what}`;
  await tx.rollout.update({
    where: { id: active.id },
    data: { status: "aborted", pause: null, reason, endedAt: new Date(), updatedAt: new Date(), seq: { increment: 1 } },
  });
  await tx.rolloutEvent.create({ data: { rolloutId: active.id, kind: "aborted", stage: active.stage, actor: c.actor, detail: `${reason}; the ${c.what} replaces the rollout's version` } });
  await recordAudit(tx, {
    projectId: c.projectId,
    actor: c.actor,
    action: "rollout.abort",
    targetType: "rollout",
    targetName: `${c.routerName}/${active.number}`,
    before: { status: active.status, stage: active.stage },
    after: { status: "aborted", reason },
  });
}

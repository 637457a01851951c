import type { Tx } from "@/lib/db/client";

export type AuditInput = {
  projectId: string | null;
  /**
   * Filled in from `projectId` by the database; pass it for an event about a project that is
   * gone by the time the row is written (its deletion).
   */
  projectName?: string;
  /** The router a rule or route event belongs to; router events name it as their target. */
  routerName?: string;
  actor: string;
  action: string;
  targetType: string;
  targetName: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Writes one audit row; call it inside the transaction of the change it records. `before` and
 * `after` go to PostgreSQL as JSON text (undefined: no value; null: JSON null): a draft
 * replaced whole records two documents of hundreds of rules, which Prisma's JSON handling
 * took longer to send than the rest of the edit.
 */
export async function recordAudit(tx: Tx, event: AuditInput): Promise<void> {
  const routerName = event.routerName ?? (event.targetType === "router" ? event.targetName : undefined);
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await tx.$executeRaw`
    INSERT INTO audit_events ("projectId", "projectName", "routerName", actor, action, "targetType", "targetName", before, after)
    VALUES (${event.projectId}::uuid, ${event.projectName ?? null}, ${routerName ?? null}, ${event.actor}, ${event.action},
            ${event.targetType}, ${event.targetName}, ${json(event.before)}::jsonb, ${json(event.after)}::jsonb)`;
}

import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

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

/** Writes one audit row; call it inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, event: AuditInput): Promise<void> {
  const routerName = event.routerName ?? (event.targetType === "router" ? event.targetName : undefined);
  await tx.auditEvent.create({
    data: {
      projectId: event.projectId,
      ...(event.projectName !== undefined ? { projectName: event.projectName } : {}),
      ...(routerName !== undefined ? { routerName } : {}),
      actor: event.actor,
      action: event.action,
      targetType: event.targetType,
      targetName: event.targetName,
      ...(event.before !== undefined ? { before: event.before as Prisma.InputJsonValue } : {}),
      ...(event.after !== undefined ? { after: event.after as Prisma.InputJsonValue } : {}),
    },
  });
}

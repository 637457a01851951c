import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditInput = {
  projectId: string | null;
  actor: string;
  action: string;
  targetType: string;
  targetName: string;
  before?: unknown;
  after?: unknown;
};

/** Writes one audit row; call it inside the transaction of the change it records. */
export async function recordAudit(tx: Tx, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      projectId: event.projectId,
      actor: event.actor,
      action: event.action,
      targetType: event.targetType,
      targetName: event.targetName,
      ...(event.before !== undefined ? { before: event.before as Prisma.InputJsonValue } : {}),
      ...(event.after !== undefined ? { after: event.after as Prisma.InputJsonValue } : {}),
    },
  });
}

import type { Db } from "@/lib/db/client";
import type { AuditEventView } from "@/lib/auth/schema";
import type { Prisma } from "@/lib/generated/prisma/client";

export type EventFilter = { actor?: string; target?: string; action?: string; from?: string; to?: string; limit: number; cursor?: string };

export type EventView = AuditEventView;

/** Newest first, keyset-paginated on the id (the cursor is the last id seen). */
export async function listEvents(db: Db, projectId: string, f: EventFilter): Promise<{ items: EventView[]; nextCursor: string | null }> {
  const where: Prisma.AuditEventWhereInput = {
    projectId,
    ...(f.actor ? { actor: { contains: f.actor, mode: "insensitive" } } : {}),
    ...(f.target ? { targetName: { contains: f.target, mode: "insensitive" } } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } } : {}),
    ...(f.cursor ? { id: { lt: BigInt(f.cursor) } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((e) => ({
      id: e.id.toString(),
      actor: e.actor,
      action: e.action,
      targetType: e.targetType,
      targetName: e.targetName,
      before: e.before,
      after: e.after,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

import type { Db } from "@/lib/db/client";
import type { AuditEventView, GlobalAuditEventView } from "@/lib/auth/schema";
import type { Prisma } from "@/lib/generated/prisma/client";

export type EventFilter = { actor?: string; target?: string; router?: string; action?: string; from?: string; to?: string; limit: number; cursor?: string };

export type EventView = AuditEventView;
export type GlobalEventView = GlobalAuditEventView;

type Row = Prisma.AuditEventGetPayload<object>;

/** The filters both logs share. `target` also matches the router an event belongs to, so a router's name finds its rule and route changes. */
function filterWhere(f: EventFilter): Prisma.AuditEventWhereInput {
  return {
    ...(f.actor ? { actor: { contains: f.actor, mode: "insensitive" } } : {}),
    ...(f.target
      ? { OR: [{ targetName: { contains: f.target, mode: "insensitive" } }, { routerName: { contains: f.target, mode: "insensitive" } }] }
      : {}),
    ...(f.router ? { routerName: f.router } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } } : {}),
    ...(f.cursor ? { id: { lt: BigInt(f.cursor) } } : {}),
  };
}

/** Newest first, keyset-paginated on the id (the cursor is the last id seen). */
async function page<T>(db: Db, where: Prisma.AuditEventWhereInput, limit: number, toView: (row: Row) => T): Promise<{ items: T[]; nextCursor: string | null }> {
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: limit + 1 });
  const kept = rows.slice(0, limit);
  return { items: kept.map(toView), nextCursor: rows.length > limit ? kept[kept.length - 1]!.id.toString() : null };
}

function view(e: Row): EventView {
  return {
    id: e.id.toString(),
    actor: e.actor,
    action: e.action,
    targetType: e.targetType,
    targetName: e.targetName,
    router: e.routerName,
    before: e.before,
    after: e.after,
    createdAt: e.createdAt.toISOString(),
  };
}

/** One project's audit log. */
export async function listEvents(db: Db, projectId: string, f: EventFilter): Promise<{ items: EventView[]; nextCursor: string | null }> {
  return page(db, { projectId, ...filterWhere(f) }, f.limit, view);
}

/**
 * The whole installation's audit log (administrators): every project's events, deleted
 * projects' included, and those outside any project (users). `project` names one project;
 * a deleted project's events are found by its name.
 */
export async function listAllEvents(db: Db, f: EventFilter & { project?: string }): Promise<{ items: GlobalEventView[]; nextCursor: string | null }> {
  return page(db, { ...(f.project ? { projectName: f.project } : {}), ...filterWhere(f) }, f.limit, (e) => ({
    ...view(e),
    project: e.projectName,
    projectDeleted: e.projectName !== null && e.projectId === null,
  }));
}

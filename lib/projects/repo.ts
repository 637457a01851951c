import type { Db, Tx } from "@/lib/db/client";
import { withDbErrors } from "@/lib/db/translate-error";
import { recordAudit } from "@/lib/audit/record";
import { NotFoundError, StaleRevisionError } from "@/lib/errors";

export type RouterSummary = {
  name: string;
  description: string;
  routeCount: number;
  ruleCount: number;
  activeVersion: number | null;
  versionCount: number;
  updatedAt: Date;
};

export type ProjectSummary = {
  name: string;
  displayName: string;
  description: string;
  routers: RouterSummary[];
  audienceCount: number;
};

/** Projects with their routers; `visible` limits them to the caller's ("all" for admins). */
export async function listProjectsWithRouters(db: Db | Tx, visible: string[] | "all" = "all"): Promise<ProjectSummary[]> {
  const projects = await db.project.findMany({
    where: visible === "all" ? {} : { id: { in: visible } },
    orderBy: { name: "asc" },
    include: {
      _count: { select: { audiences: true } },
      routers: {
        orderBy: { name: "asc" },
        include: {
          activeVersion: { select: { number: true } },
          _count: { select: { routes: true, rules: true, versions: true } },
        },
      },
    },
  });
  return projects.map((p) => ({
    name: p.name,
    displayName: p.displayName || p.name,
    description: p.description,
    audienceCount: p._count.audiences,
    routers: p.routers.map((r) => ({
      name: r.name,
      description: r.description,
      routeCount: r._count.routes,
      // The default rule is a row too; users count the rules they ordered.
      ruleCount: Math.max(0, r._count.rules - 1),
      activeVersion: r.activeVersion?.number ?? null,
      versionCount: r._count.versions,
      updatedAt: r.updatedAt,
    })),
  }));
}

export async function getProject(db: Db | Tx, name: string) {
  const project = await db.project.findUnique({ where: { name } });
  if (!project) throw new NotFoundError("project", name);
  return project;
}

export async function createProject(db: Db | Tx, input: { name: string; displayName?: string; description?: string }) {
  return withDbErrors({ what: "project", name: input.name }, () =>
    db.project.create({ data: { name: input.name, displayName: input.displayName ?? "", description: input.description ?? "" } }),
  );
}

type ProjectRow = { id: string; name: string; displayName: string; description: string; revision: number; createdAt: Date; updatedAt: Date };

/** Creates a project; its creator (when a user) becomes its owner, in the same transaction as the audit row. */
export async function createProjectAs(
  db: Db,
  input: { name: string; displayName?: string; description?: string },
  actor: { name: string; userId: string | null },
): Promise<ProjectRow> {
  return withDbErrors({ what: "project", name: input.name }, () =>
    db.$transaction(async (tx) => {
      const project = await tx.project.create({ data: { name: input.name, displayName: input.displayName ?? "", description: input.description ?? "" } });
      if (actor.userId) await tx.membership.create({ data: { userId: actor.userId, projectId: project.id, role: "owner" } });
      await recordAudit(tx, { projectId: project.id, actor: actor.name, action: "project.create", targetType: "project", targetName: project.name, after: { displayName: project.displayName, description: project.description } });
      return project;
    }),
  );
}

export async function updateProject(
  db: Db,
  projectId: string,
  input: { displayName?: string; description?: string },
  options: { expectedRevision?: number; actor: string },
): Promise<ProjectRow> {
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({ where: { id: projectId } });
    if (!before) throw new NotFoundError("project", projectId);
    if (options.expectedRevision !== undefined && before.revision !== options.expectedRevision) {
      throw new StaleRevisionError(`project '${before.name}'`, options.expectedRevision, before.revision);
    }
    const updated = await tx.project.updateMany({ where: { id: projectId, revision: before.revision }, data: { ...input, revision: { increment: 1 } } });
    if (updated.count !== 1) throw new StaleRevisionError(`project '${before.name}'`, before.revision, undefined);
    const after = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
    await recordAudit(tx, {
      projectId,
      actor: options.actor,
      action: "project.update",
      targetType: "project",
      targetName: after.name,
      before: { displayName: before.displayName, description: before.description },
      after: { displayName: after.displayName, description: after.description },
    });
    return after;
  });
}

/**
 * Deletes a project and everything in it; its audit log stays (the rows keep the project's
 * name), and the deletion is recorded there too. The row is locked before the revision is
 * compared, so a concurrent edit with the same If-Match cannot slip in between.
 */
export async function deleteProject(db: Db, projectId: string, options: { expectedRevision?: number; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    // Routers first, then the project (lib/db/locks.ts): an edit or deploy in flight holds its
    // router and then, writing its audit row, the project; this waits for it instead of deadlocking.
    await tx.$executeRaw`SELECT 1 FROM routers WHERE "projectId" = ${projectId}::uuid ORDER BY id FOR UPDATE`;
    await tx.$executeRaw`SELECT 1 FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;
    const project = await tx.project.findUnique({ where: { id: projectId }, include: { _count: { select: { routers: true } } } });
    if (!project) throw new NotFoundError("project", projectId);
    if (options.expectedRevision !== undefined && project.revision !== options.expectedRevision) {
      throw new StaleRevisionError(`project '${project.name}'`, options.expectedRevision, project.revision);
    }
    await tx.project.delete({ where: { id: projectId } });
    await recordAudit(tx, { projectId: null, projectName: project.name, actor: options.actor, action: "project.delete", targetType: "project", targetName: project.name, before: { displayName: project.displayName, routers: project._count.routers } });
  }, DELETE_TRANSACTION);
}

/** A deletion waits for the edits and deploys in flight in the project (past these limits: 503, retry). */
const DELETE_TRANSACTION = { maxWait: 15_000, timeout: 60_000 };

import type { z } from "zod";
import { countFindings } from "@/lib/analysis/count";
import { analyzeOnServer } from "@/lib/analysis/pool/server";
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { NotFoundError, StaleRevisionError } from "@/lib/errors";
import { storedRouterDocumentSchema } from "@/lib/router/document";
import { loadRouterDocument } from "./document-repo";
import { draftStatus } from "./draft-status";
import type { routerSummarySchema } from "./schema";

/** What `routerSummarySchema` describes. */
export type RouterSummaryView = z.infer<typeof routerSummarySchema>;

export async function routerSummary(db: Db, projectId: string, name: string): Promise<RouterSummaryView> {
  const loaded = await loadRouterDocument(db, projectId, name);
  const row = await db.router.findUniqueOrThrow({ where: { id: loaded.id }, select: { updatedAt: true, activeVersion: { select: { number: true, document: true } }, _count: { select: { versions: true } } } });
  const active = row.activeVersion ? storedRouterDocumentSchema.parse(row.activeVersion.document) : null;
  // A list of routers should not wait long for a busy pool: past the wait the counts are the structural ones.
  const { findings } = await analyzeOnServer(loaded.document, { maxWaitMs: 3000 });
  const { description, undeployedChanges, routes, rules, settings } = draftStatus(loaded.document, active);
  return {
    name,
    description,
    revision: loaded.revision,
    activeVersion: row.activeVersion?.number ?? null,
    versions: row._count.versions,
    undeployedChanges,
    findings: countFindings(findings),
    routes,
    rules,
    settings,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Ordered by name; `cursor` is the last name seen. */
export async function listRouterSummaries(db: Db, projectId: string, page: { limit: number; cursor?: string }) {
  const rows = await db.router.findMany({
    where: { projectId, ...(page.cursor ? { name: { gt: page.cursor } } : {}) },
    orderBy: { name: "asc" },
    take: page.limit + 1,
    select: { name: true },
  });
  const items = await Promise.all(rows.slice(0, page.limit).map((r) => routerSummary(db, projectId, r.name)));
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.name : null };
}

/**
 * Deletes a router and its versions. Its row is locked before the revision is compared, as
 * draft edits do, so an edit and a delete sent with the same If-Match never both succeed.
 */
export async function deleteRouter(db: Db, projectId: string, name: string, options: { expectedRevision?: number; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const [router] = await tx.$queryRaw<{ id: string; revision: number }[]>`
      SELECT id, revision FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${name} FOR UPDATE`;
    if (!router) throw new NotFoundError("router", name);
    if (options.expectedRevision !== undefined && router.revision !== options.expectedRevision) {
      throw new StaleRevisionError(`router '${name}'`, options.expectedRevision, router.revision);
    }
    const versions = await tx.version.count({ where: { routerId: router.id } });
    // The active version pointer goes first: versions are deleted with the router.
    await tx.router.update({ where: { id: router.id }, data: { activeVersionId: null } });
    await tx.router.delete({ where: { id: router.id } });
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    // Gateways drop the router when they hear it has no version any more.
    await tx.$executeRaw`SELECT pg_notify('turnout_deploy', ${JSON.stringify({ project: project.name, router: name, version: null })})`;
    await recordAudit(tx, { projectId, actor: options.actor, action: "router.delete", targetType: "router", targetName: name, before: { revision: router.revision, versions } });
  });
}

import type { Db } from "@/lib/db/client";
import { DomainError, NotFoundError, StaleRevisionError } from "@/lib/errors";
import { storedRouterDocumentSchema, type Condition, type RouterDocument } from "@/lib/router/document";
import { diffDocuments, type DocumentDiff } from "@/lib/versions/diff";
import type { Ctx } from "./commands";
import { loadRouterDocument, mutateDraft } from "./document-repo";

export type DraftResetBody = { version?: number; dryRun?: boolean };
export type DraftResetResult = { version: number; applied: boolean; diff: DocumentDiff; document: RouterDocument; revision: number };

/**
 * The document a reset writes: the version's, with the project's current definition of
 * every audience that still exists (audiences are shared by the project's routers, so a
 * draft cannot hold an older copy of one), and the version's copy of any deleted since.
 */
async function targetDocument(db: Db, projectId: string, routerName: string, version: number | undefined): Promise<{ number: number; document: RouterDocument }> {
  const router = await db.router.findUnique({ where: { projectId_name: { projectId, name: routerName } }, select: { id: true, activeVersionId: true } });
  if (!router) throw new NotFoundError("router", routerName);
  const row =
    version !== undefined
      ? await db.version.findUnique({ where: { routerId_number: { routerId: router.id, number: version } } })
      : router.activeVersionId
        ? await db.version.findUnique({ where: { id: router.activeVersionId } })
        : null;
  if (!row) {
    if (version !== undefined) throw new NotFoundError("version", String(version));
    throw new DomainError(`router '${routerName}' has never been deployed: name the version to reset the draft to`, 409, "not_deployed");
  }
  const doc = storedRouterDocumentSchema.parse(row.document);
  const names = doc.audiences.map((a) => a.name);
  const current = names.length
    ? await db.audience.findMany({ where: { projectId, name: { in: names } }, include: { conditions: { orderBy: { position: "asc" } } } })
    : [];
  const byName = new Map(current.map((a) => [a.name, a]));
  const audiences = doc.audiences.map((a) => {
    const now = byName.get(a.name);
    if (!now) return a;
    return {
      name: now.name,
      ...(now.description ? { description: now.description } : {}),
      conditions: now.conditions.map((c) => ({ source: c.source, key: c.key, operator: c.operator, values: c.values as Condition["values"] })),
    };
  });
  return { number: row.number, document: { ...doc, audiences } };
}

/**
 * Discards the draft's changes: the draft becomes version `version` (the active one by
 * default), in one audited draft write (revision bumped, If-Match honoured). With `dryRun`,
 * or when the draft already equals that version, nothing is written and the answer says so.
 */
export async function resetDraft(c: Ctx, body: DraftResetBody): Promise<DraftResetResult> {
  const target = await targetDocument(c.db, c.projectId, c.router, body.version);
  // Without If-Match, a draft that moves between the comparison and the write is compared again.
  for (let attempt = 1; ; attempt++) {
    const current = await loadRouterDocument(c.db, c.projectId, c.router);
    if (c.expectedRevision !== undefined && current.revision !== c.expectedRevision) {
      throw new StaleRevisionError(`router '${c.router}'`, c.expectedRevision, current.revision);
    }
    const diff = diffDocuments(current.document, target.document);
    if (body.dryRun || diff.identical) {
      return { version: target.number, applied: false, diff, document: body.dryRun ? target.document : current.document, revision: current.revision };
    }
    try {
      const saved = await mutateDraft(
        c.db,
        c.projectId,
        c.router,
        { expectedRevision: current.revision, actor: c.actor, action: "router.draft.reset", targetType: "router", targetName: c.router },
        () => target.document,
      );
      return { version: target.number, applied: true, diff, document: saved.document, revision: saved.revision };
    } catch (error) {
      if (!(error instanceof StaleRevisionError) || c.expectedRevision !== undefined || attempt >= 3) throw error;
    }
  }
}

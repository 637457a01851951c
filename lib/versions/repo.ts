import type { z } from "zod";
import { analyzeOnServer } from "@/lib/analysis/pool/server";
import { recordAudit } from "@/lib/audit/record";
import type { Db, Tx } from "@/lib/db/client";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError, StaleRevisionError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storedRouterDocumentSchema, type RouterDocument } from "@/lib/router/document";
import { settleActiveRollout } from "@/lib/rollouts/guard";
import { loadRouterDocument, loadRouterDocumentIn, type LoadedRouter } from "@/lib/routers/document-repo";
import type { versionSummarySchema } from "@/lib/routers/schema";
import { diffDocuments } from "./diff";
import { freezeDocument } from "./freeze";

/** Channel the gateway LISTENs on; the payload names the project, router and version. */
export const DEPLOY_CHANNEL = "turnout_deploy";

export type DeployResult = { number: number; versionId: string };

// The analysis runs before the transaction: what is left inside takes milliseconds, but a busy host may queue it.
const DEPLOY_TRANSACTION = { maxWait: 10_000, timeout: 20_000 };
/** Times a deploy analyses again when the draft changed under it (callers without If-Match). */
const DEPLOY_ATTEMPTS = 3;

/**
 * Locks the router row for a deploy or rollback. Deploys of one router never queue: a
 * second one while the first holds the lock gets 409 at once.
 */
export async function lockRouterForDeploy(tx: Tx, projectId: string, routerName: string): Promise<{ id: string; activeVersionId: string | null }> {
  const locked = await tx.$queryRaw<{ id: string; activeVersionId: string | null }[]>`
    SELECT id, "activeVersionId" FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${routerName} FOR UPDATE NOWAIT`.catch((error: unknown) => {
    if (/could not obtain lock|55P03/.test(`${(error as Error)?.message ?? error} ${JSON.stringify(error)}`)) {
      throw new DomainError(`a deploy of router '${routerName}' is already in progress`, 409, "deploy_in_progress");
    }
    throw error;
  });
  const row = locked[0];
  if (!row) throw new NotFoundError("router", routerName);
  return row;
}

export async function notifyDeploy(tx: Tx, projectId: string, routerName: string, version: number): Promise<void> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
  // pg_notify is transactional: listeners hear of the version only once it is committed.
  await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ project: project.name, router: routerName, version })})`;
}

class DraftMoved extends Error {}

function sameDraft(a: LoadedRouter, b: LoadedRouter): boolean {
  // Documents are built from the rows in a fixed order, so equal drafts serialise equally;
  // the revision does not move when a project audience the draft uses is edited.
  return a.revision === b.revision && JSON.stringify(a.document) === JSON.stringify(b.document);
}

function checkRevision(routerName: string, expected: number | undefined, current: number): void {
  if (expected !== undefined && current !== expected) throw new StaleRevisionError(`the draft of router '${routerName}'`, expected, current);
}

function nothingToDeploy(routerName: string, draft: RouterDocument, active: { number: number; document: unknown } | null): void {
  if (active === null || !diffDocuments(storedRouterDocumentSchema.parse(active.document), draft).identical) return;
  throw new DomainError(`the draft of router '${routerName}' is identical to the active version ${active.number}: there is nothing to deploy`, 409, "nothing_to_deploy", {
    activeVersion: active.number,
  });
}

/**
 * Deploys a router's draft: the analysis must find no error; sticky slot tables move
 * minimally from the active version's; the frozen document becomes the next immutable
 * version and the active one, and listeners are notified.
 *
 * The analysis runs first, in the worker pool, holding no lock and no transaction. Then,
 * in one transaction under the router's lock, the draft must still be the one analysed
 * (and the one the caller reviewed: `expectedRevision`, 412 otherwise) and differ from
 * the active version (409 `nothing_to_deploy`) before the version is written. A deploy
 * that finds the router locked by another gets 409 at once; one whose draft changed while
 * it was analysed analyses again (without If-Match) or is refused.
 */
export async function deployRouter(
  db: Db,
  projectId: string,
  routerName: string,
  options: { message: string; author: string; expectedRevision?: number; abortRollout?: boolean },
): Promise<DeployResult> {
  for (let attempt = 1; ; attempt++) {
    const draft = await loadRouterDocument(db, projectId, routerName);
    checkRevision(routerName, options.expectedRevision, draft.revision);
    const active = draft.activeVersionId ? await db.version.findUnique({ where: { id: draft.activeVersionId }, select: { number: true, document: true } }) : null;
    nothingToDeploy(routerName, draft.document, active);
    const analysis = await analyzeOnServer(draft.document, { maxWaitMs: 30_000 });
    if (analysis.busy) throw new DomainError("every analysis worker is busy: the draft was not deployed; retry in a few seconds", 503, "analysis_busy", { retryAfter: 5 });
    const errors = analysis.findings.filter((f) => f.severity === "error");
    if (errors.length > 0) {
      throw new DomainError(`the draft has ${errors.length} error(s) and cannot be deployed`, 422, "analysis_errors", { findings: errors });
    }
    try {
      return await commitDeploy(db, projectId, routerName, draft, options);
    } catch (error) {
      if (!(error instanceof DraftMoved)) throw error;
      if (options.expectedRevision !== undefined || attempt >= DEPLOY_ATTEMPTS) {
        throw new DomainError(`the draft of router '${routerName}' changed while it was being analysed (a project audience it uses was edited, or another edit landed): review it again`, 409, "draft_changed");
      }
    }
  }
}

/** The transaction of a deploy: what was analysed is still the draft; freeze, activate, notify, audit. */
function commitDeploy(
  db: Db,
  projectId: string,
  routerName: string,
  analysed: LoadedRouter,
  options: { message: string; author: string; expectedRevision?: number; abortRollout?: boolean },
): Promise<DeployResult> {
  return withDbErrors("version", () =>
    db.$transaction(async (tx) => {
      const locked = await lockRouterForDeploy(tx, projectId, routerName);
      await settleActiveRollout(tx, { projectId, routerId: locked.id, routerName, actor: options.author, abortRollout: options.abortRollout ?? false, what: "deploy" });
      const draft = await loadRouterDocumentIn(tx, projectId, routerName);
      checkRevision(routerName, options.expectedRevision, draft.revision);
      if (!sameDraft(draft, analysed)) throw new DraftMoved();
      const active = draft.activeVersionId ? await tx.version.findUnique({ where: { id: draft.activeVersionId } }) : null;
      nothingToDeploy(routerName, draft.document, active);
      const activeDoc = active ? storedRouterDocumentSchema.parse(active.document) : undefined;
      const frozen = freezeDocument(draft.document, activeDoc);
      const last = await tx.version.aggregate({ where: { routerId: draft.id }, _max: { number: true } });
      const number = (last._max.number ?? 0) + 1;
      const version = await tx.version.create({
        data: { routerId: draft.id, number, document: frozen as Prisma.InputJsonValue, message: options.message, author: options.author },
      });
      await tx.router.update({ where: { id: draft.id }, data: { activeVersionId: version.id } });
      await notifyDeploy(tx, projectId, routerName, number);
      await recordAudit(tx, {
        projectId,
        actor: options.author,
        action: "router.deploy",
        targetType: "router",
        targetName: routerName,
        before: active ? { version: active.number } : null,
        after: { version: number, message: options.message },
      });
      return { number, versionId: version.id };
    }, DEPLOY_TRANSACTION),
  );
}

export type VersionSummary = z.infer<typeof versionSummarySchema>;

async function routerRow(db: Db, projectId: string, routerName: string) {
  const router = await db.router.findUnique({ where: { projectId_name: { projectId, name: routerName } }, select: { id: true, activeVersionId: true } });
  if (!router) throw new NotFoundError("router", routerName);
  return router;
}

/** Newest first; `cursor` is the last version number seen. */
export async function listVersions(db: Db, projectId: string, routerName: string, page: { limit: number; cursor?: string }) {
  const router = await routerRow(db, projectId, routerName);
  const before = page.cursor !== undefined ? Number(page.cursor) : undefined;
  if (before !== undefined && !Number.isSafeInteger(before)) throw new DomainError("not a cursor from this API", 400, "invalid_query", { issues: [{ path: "cursor", message: "pass the previous page's nextCursor" }] });
  const rows = await db.version.findMany({
    where: { routerId: router.id, ...(before !== undefined ? { number: { lt: before } } : {}) },
    orderBy: { number: "desc" },
    take: page.limit + 1,
    select: { id: true, number: true, message: true, author: true, createdAt: true },
  });
  const items: VersionSummary[] = rows.slice(0, page.limit).map((v) => ({ number: v.number, message: v.message, author: v.author, createdAt: v.createdAt.toISOString(), active: v.id === router.activeVersionId }));
  return { items, nextCursor: rows.length > page.limit ? String(items[items.length - 1]!.number) : null };
}

export async function getVersion(db: Db, projectId: string, routerName: string, n: number) {
  const router = await routerRow(db, projectId, routerName);
  const v = await db.version.findUnique({ where: { routerId_number: { routerId: router.id, number: n } } });
  if (!v) throw new NotFoundError("version", String(n));
  return {
    number: v.number,
    message: v.message,
    author: v.author,
    createdAt: v.createdAt.toISOString(),
    active: v.id === router.activeVersionId,
    document: storedRouterDocumentSchema.parse(v.document),
  };
}

export async function diffVersions(db: Db, projectId: string, routerName: string, n: number, against: number) {
  const [a, b] = await Promise.all([getVersion(db, projectId, routerName, against), getVersion(db, projectId, routerName, n)]);
  return { from: against, to: n, diff: diffDocuments(a.document, b.document) };
}

/**
 * Redeploys version `n`: its document and slot tables exactly (so sticky keys go back
 * where they were) become the next version and the active one. The draft is left as it
 * is, so unfinished edits are never lost; the console shows it differs from what runs.
 */
export async function rollbackToVersion(db: Db, projectId: string, routerName: string, n: number, options: { author: string; message?: string; abortRollout?: boolean }): Promise<DeployResult> {
  return withDbErrors("version", () =>
    db.$transaction(async (tx) => {
      const router = await lockRouterForDeploy(tx, projectId, routerName);
      await settleActiveRollout(tx, { projectId, routerId: router.id, routerName, actor: options.author, abortRollout: options.abortRollout ?? false, what: "rollback" });
      const target = await tx.version.findUnique({ where: { routerId_number: { routerId: router.id, number: n } } });
      if (!target) throw new NotFoundError("version", String(n));
      const active = router.activeVersionId ? await tx.version.findUnique({ where: { id: router.activeVersionId }, select: { number: true } }) : null;
      const result = await activateDocument(tx, { projectId, routerId: router.id, routerName, document: target.document, message: options.message || `Rollback to version ${n}`, author: options.author });
      await recordAudit(tx, { projectId, actor: options.author, action: "router.rollback", targetType: "router", targetName: routerName, before: active ? { version: active.number } : null, after: { version: result.number, from: n } });
      return result;
    }, DEPLOY_TRANSACTION),
  );
}

/**
 * Writes `document` (already frozen: slot tables included) as the router's next version,
 * makes it the active one and notifies the gateways — inside the caller's transaction,
 * which holds the router's deploy lock (`lockRouterForDeploy`) and writes the audit row.
 */
export async function activateDocument(
  tx: Tx,
  target: { projectId: string; routerId: string; routerName: string; document: RouterDocument | Prisma.JsonValue; message: string; author: string },
): Promise<DeployResult> {
  const last = await tx.version.aggregate({ where: { routerId: target.routerId }, _max: { number: true } });
  const number = (last._max.number ?? 0) + 1;
  const version = await tx.version.create({
    data: { routerId: target.routerId, number, document: target.document as Prisma.InputJsonValue, message: target.message, author: target.author },
  });
  await tx.router.update({ where: { id: target.routerId }, data: { activeVersionId: version.id } });
  await notifyDeploy(tx, target.projectId, target.routerName, number);
  return { number, versionId: version.id };
}

import { randomUUID } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { lockForDraftEdit } from "@/lib/db/locks";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError, StaleRevisionError } from "@/lib/errors";
import { routerDocumentSchema, type Audience, type DefaultRule, type RouterDocument, type RouterDocumentInput } from "@/lib/router/document";
import { cachedDraftRow, keepDraftRow } from "./draft-cache";
import { bumpDraft, canWriteChanges, conditionFromRow, documentFromRow, documentWithOrigins, loadDraftRow, routerSettingsData, writeDraftChanges, writeDraftRows, type RouterRow } from "./draft-rows";
import { freezeRules, parseEditedDocument } from "./parse-draft";
import { repeatedNames, repeatedRoutes } from "./schema";

export { documentFromRow } from "./draft-rows";

export type LoadedRouter = { id: string; revision: number; activeVersionId: string | null; document: RouterDocument };

/** Loads a router's draft as its document (never half an edit: see `readDraftRow`). */
export async function loadRouterDocument(db: Db, projectId: string, routerName: string): Promise<LoadedRouter> {
  const row = await readDraftRow(db, projectId, routerName, true);
  return { id: row.id, revision: row.revision, activeVersionId: row.activeVersionId, document: documentFromRow(row) };
}

/** The draft as the transaction `tx` sees it (the caller holds the router's lock, or reads a snapshot). */
export async function loadRouterDocumentIn(tx: Tx, projectId: string, routerName: string): Promise<LoadedRouter> {
  const row = await readDraftRow(tx, projectId, routerName, false);
  return { id: row.id, revision: row.revision, activeVersionId: row.activeVersionId, document: documentFromRow(row) };
}

type RouterHead = { id: string; revision: number; draftStamp: string; activeVersionId: string | null };

/** The kept rows of the draft `head` names, with the head's own revision and active version. */
function keptRow(head: RouterHead): RouterRow | null {
  const kept = cachedDraftRow(head.id, head.draftStamp);
  return kept && { ...kept, revision: head.revision, activeVersionId: head.activeVersionId };
}

/**
 * A router's draft rows: its stamp first (one small statement), then the rows kept for that
 * stamp (draft-cache.ts) or, when none are, every row in one statement (one snapshot, with its
 * own stamp, revision and active version). `keep` the rows read only outside a transaction:
 * one that changes the draft may read it before its last change.
 */
async function readDraftRow(tx: Tx, projectId: string, routerName: string, keep: boolean): Promise<RouterRow> {
  const [head] = await tx.$queryRaw<RouterHead[]>`
    SELECT id, revision, "draftStamp", "activeVersionId" FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${routerName}`;
  if (!head) throw new NotFoundError("router", routerName);
  const kept = keptRow(head);
  if (kept) return kept;
  const row = await loadDraftRow(tx, projectId, routerName);
  if (!row) throw new NotFoundError("router", routerName);
  if (keep) keepDraftRow(row.id, row.draftStamp, row);
  return row;
}

/**
 * A rule may name a project audience that the document does not copy in (a rule added
 * through the rules endpoint, a document written by hand): copy it from the project, so the
 * stored document stands alone. Names that are not project audiences stay missing and are
 * reported by `checkReferences`.
 */
async function withProjectAudiences(tx: Tx, projectId: string, doc: RouterDocument): Promise<RouterDocument> {
  const defined = new Set(doc.audiences.map((a) => a.name));
  const missing = [...new Set(doc.rules.map((r) => r.audience).filter((a): a is string => !!a && !defined.has(a)))];
  if (missing.length === 0) return doc;
  const rows = await tx.audience.findMany({
    where: { projectId, name: { in: missing } },
    include: { conditions: { orderBy: { position: "asc" } } },
  });
  if (rows.length === 0) return doc;
  const copied: Audience[] = rows.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), conditions: a.conditions.map(conditionFromRow) }));
  return { ...doc, audiences: [...doc.audiences, ...copied].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Documents that repeat names or reference routes or audiences they do not define cannot be stored as rows. */
function checkReferences(doc: RouterDocument): void {
  const routes = new Set(doc.routes.map((r) => r.name));
  const audiences = new Set(doc.audiences.map((a) => a.name));
  const issues: { path: string; message: string }[] = [];
  const body = (b: DefaultRule, at: string) => {
    b.split.forEach((s, i) => routes.has(s.route) || issues.push({ path: `${at}.split.${i}.route`, message: `route '${s.route}' is not defined in routes` }));
    b.shadows.forEach((s, i) => routes.has(s.route) || issues.push({ path: `${at}.shadows.${i}.route`, message: `route '${s.route}' is not defined in routes` }));
  };
  const fromIssues = (list: { path: (string | number)[]; message: string }[]) => list.map((i) => ({ path: i.path.join("."), message: i.message }));
  issues.push(...fromIssues(repeatedNames(doc)));
  doc.rules.forEach((r, i) => issues.push(...fromIssues(repeatedRoutes(r, ["rules", i]))));
  if (doc.defaultRule) issues.push(...fromIssues(repeatedRoutes(doc.defaultRule, ["defaultRule"])));
  doc.rules.forEach((r, i) => {
    body(r, `rules.${i}`);
    if (r.audience && !audiences.has(r.audience)) issues.push({ path: `rules.${i}.audience`, message: `audience '${r.audience}' is not defined in audiences` });
  });
  if (doc.defaultRule) body(doc.defaultRule, "defaultRule");
  else issues.push({ path: "defaultRule", message: "a router needs a default rule" });
  if (issues.length) {
    throw new DomainError("the document repeats or references undefined names", 422, "invalid", { issues });
  }
}

export type DraftChange = {
  /** With a revision (If-Match), a stale one changes nothing (412). */
  expectedRevision?: number;
  actor: string;
  /** Audit action, e.g. `router.config.replace`, `rule.update`. */
  action: string;
  targetType: string;
  targetName: string;
  /**
   * `changes` (the default) writes only the rows that differ from the current draft;
   * `rewrite` deletes every draft row and inserts the document again. Both store the same
   * draft: the rewrite is the reference the incremental write is tested and measured against.
   */
  write?: "changes" | "rewrite";
};

/**
 * Edits of one router queue on its row lock while holding a pooled connection, so a burst
 * of edits can wait longer than Prisma's defaults (2 s for a connection, 5 s in all)
 * before its turn. Past these limits the API answers 503 with Retry-After.
 */
const DRAFT_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

/**
 * The one way a router's draft changes: in a single transaction, hold the project's
 * audiences (`lockForDraftEdit`: an audience edit waits, or is waited for, and bumps this
 * router's revision if it uses the audience), lock the router row (so concurrent edits
 * queue instead of interleaving), check the revision, read the draft once (the rows kept for
 * its stamp, draft-cache.ts, or one statement), apply `edit` to it, validate, write the rows
 * that changed, bump the revision and write the audit row. `edit` returns the new document,
 * and optionally what the audit row records. Once committed, the rows written are kept under
 * the new stamp, so the router's next edit reads none.
 */
export async function mutateDraft(
  db: Db,
  projectId: string,
  routerName: string,
  change: DraftChange,
  edit: (current: RouterDocument) => RouterDocumentInput | { document: RouterDocumentInput; before?: unknown; after?: unknown },
): Promise<LoadedRouter> {
  const { saved, written } = await withDbErrors({ what: "router", router: routerName, projectId, db }, () =>
    db.$transaction(async (tx) => {
      await lockForDraftEdit(tx, projectId);
      const [head] = await tx.$queryRaw<RouterHead[]>`
        SELECT id, revision, "draftStamp", "activeVersionId" FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${routerName} FOR UPDATE`;
      if (!head) throw new NotFoundError("router", routerName);
      if (change.expectedRevision !== undefined && head.revision !== change.expectedRevision) {
        throw new StaleRevisionError(`router '${routerName}'`, change.expectedRevision, head.revision);
      }
      const currentRow = keptRow(head) ?? (await loadDraftRow(tx, projectId, routerName));
      if (!currentRow) throw new NotFoundError("router", routerName);
      const { document: current, origins } = documentWithOrigins(currentRow);
      const result = edit(freezeRules(current));
      const isWrapped = typeof result === "object" && result !== null && "document" in result && !("name" in result);
      const input = isWrapped ? (result as { document: RouterDocumentInput }).document : (result as RouterDocumentInput);
      const doc = await withProjectAudiences(tx, projectId, parseEditedDocument(input, current));
      checkReferences(doc);
      const draftStamp = await bumpDraft(tx, head.id, doc);
      let saved: LoadedRouter;
      let written: RouterRow | null = null;
      if ((change.write ?? "changes") === "changes" && canWriteChanges(doc)) {
        written = await writeDraftChanges(tx, projectId, currentRow, doc, { revision: head.revision + 1, draftStamp }, origins);
        saved = { id: head.id, revision: written.revision, activeVersionId: written.activeVersionId, document: documentFromRow(written) };
      } else {
        // Rules first (their splits hold routes), then the routes themselves.
        await tx.rule.deleteMany({ where: { routerId: head.id } });
        await tx.route.deleteMany({ where: { routerId: head.id } });
        await writeDraftRows(tx, projectId, head.id, doc);
        saved = await loadRouterDocumentIn(tx, projectId, doc.name);
      }
      const wrapped = isWrapped ? (result as { before?: unknown; after?: unknown }) : undefined;
      await recordAudit(tx, {
        projectId,
        routerName,
        actor: change.actor,
        action: change.action,
        targetType: change.targetType,
        targetName: change.targetName,
        before: wrapped && "before" in wrapped ? wrapped.before : current,
        after: wrapped && "after" in wrapped ? wrapped.after : saved.document,
      });
      return { saved, written };
    }, DRAFT_TRANSACTION),
  );
  if (written) keepDraftRow(written.id, written.draftStamp, written);
  return saved;
}

/** Creates a router from a whole document in one transaction (409 when the name is taken). */
export async function createRouter(db: Db, projectId: string, input: RouterDocumentInput, actor: string): Promise<LoadedRouter> {
  const parsed = routerDocumentSchema.parse(input);
  return withDbErrors({ what: "router", name: parsed.name, router: parsed.name, projectId, db }, () =>
    db.$transaction(async (tx) => {
      await lockForDraftEdit(tx, projectId);
      const doc = await withProjectAudiences(tx, projectId, parsed);
      checkReferences(doc);
      const routerId = randomUUID();
      await tx.router.create({ data: { id: routerId, projectId, ...routerSettingsData(doc) } });
      await writeDraftRows(tx, projectId, routerId, doc);
      const saved = await loadRouterDocumentIn(tx, projectId, doc.name);
      await recordAudit(tx, { projectId, actor, action: "router.create", targetType: "router", targetName: doc.name, after: saved.document });
      return saved;
    }, DRAFT_TRANSACTION),
  );
}

/**
 * Replaces a router's draft with `input`, creating the router if it does not exist.
 * Audiences named by the document are created in the project when missing; one that
 * exists with different conditions is refused rather than silently changing the other
 * routers that share it.
 */
export async function saveRouterDocument(
  db: Db,
  projectId: string,
  input: RouterDocumentInput,
  options: { expectedRevision?: number; routerName?: string; actor?: string } = {},
): Promise<LoadedRouter> {
  const routerName = options.routerName ?? input.name;
  const exists = await db.router.findUnique({ where: { projectId_name: { projectId, name: routerName } }, select: { id: true } });
  if (!exists) {
    if (options.expectedRevision !== undefined) throw new StaleRevisionError(`router '${routerName}'`, options.expectedRevision, undefined);
    return createRouter(db, projectId, input, options.actor ?? "system");
  }
  return mutateDraft(
    db,
    projectId,
    routerName,
    { expectedRevision: options.expectedRevision, actor: options.actor ?? "system", action: "router.config.replace", targetType: "router", targetName: routerName },
    () => input,
  );
}

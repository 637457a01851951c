import { randomUUID } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { lockForDraftEdit } from "@/lib/db/locks";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError, StaleRevisionError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  routerDocumentSchema,
  type Audience,
  type Condition,
  type DefaultRule,
  type Rule,
  type RouterDocument,
  type RouterDocumentInput,
} from "@/lib/router/document";
import { repeatedNames, repeatedRoutes } from "./schema";

const toBp = (n: number) => Math.round(n * 100);
const fromBp = (bp: number) => bp / 100;

const routerInclude = {
  routes: { orderBy: { position: "asc" } },
  rules: {
    include: {
      conditions: { orderBy: { position: "asc" } },
      split: { orderBy: { position: "asc" }, include: { route: { select: { name: true } } } },
      shadows: { orderBy: { position: "asc" }, include: { route: { select: { name: true } } } },
      audience: { include: { conditions: { orderBy: { position: "asc" } } } },
    },
  },
} satisfies Prisma.RouterInclude;

type RouterRow = Prisma.RouterGetPayload<{ include: typeof routerInclude }>;
type ConditionRow = RouterRow["rules"][number]["conditions"][number];

function conditionFromRow(c: ConditionRow): Condition {
  return { source: c.source, key: c.key, operator: c.operator, values: c.values as Condition["values"] };
}

function ruleBodyFromRow(r: RouterRow["rules"][number]): DefaultRule {
  return {
    strategy: r.strategy,
    split: r.split.map((s) => ({ route: s.route.name, weight: fromBp(s.weightBp) })),
    shadows: r.shadows.map((s) => ({ route: s.route.name, percent: fromBp(s.percentBp) })),
    ...(r.slots ? { slots: r.slots } : {}),
  };
}

/** Builds the router document of design.md from the draft rows. */
export function documentFromRow(row: RouterRow): RouterDocument {
  const rules: Rule[] = row.rules
    .filter((r) => !r.isDefault)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((r) => {
      const body = ruleBodyFromRow(r);
      return {
        name: r.name ?? "",
        ...(r.audience ? { audience: r.audience.name } : {}),
        conditions: r.conditions.map(conditionFromRow),
        strategy: body.strategy,
        split: body.split,
        shadows: body.shadows,
        ...(body.slots ? { slots: body.slots } : {}),
      };
    });
  const audiences = new Map<string, Audience>();
  for (const r of row.rules) {
    if (r.audience && !audiences.has(r.audience.name)) {
      audiences.set(r.audience.name, {
        name: r.audience.name,
        ...(r.audience.description ? { description: r.audience.description } : {}),
        conditions: r.audience.conditions.map(conditionFromRow),
      });
    }
  }
  const def = row.rules.find((r) => r.isDefault);
  return {
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    settings: {
      // JSONB reorders object keys; documents keep the schema's order so that they compare equal.
      keySources: (row.keySources as RouterDocument["settings"]["keySources"]).map((k) => ({ source: k.source, key: k.key })),
      missingKey: row.missingKey,
      strict: row.strict,
      allowPin: row.allowPin,
      ...(row.seed !== null ? { seed: row.seed } : {}),
      recordPercent: fromBp(row.recordPercentBp),
      recordMaxPerSecond: row.recordMaxPerSecond,
      recordFields: (row.recordFields as RouterDocument["settings"]["recordFields"]).map((f) => ({ source: f.source, key: f.key })),
      recordKeys: row.recordKeys,
    },
    routes: row.routes.map((r) => ({ name: r.name, url: r.url, timeoutMs: r.timeoutMs })),
    audiences: [...audiences.values()].sort((a, b) => a.name.localeCompare(b.name)),
    rules,
    ...(def ? { defaultRule: ruleBodyFromRow(def) } : {}),
  };
}

export type LoadedRouter = { id: string; revision: number; activeVersionId: string | null; document: RouterDocument };

/**
 * Loads a router's draft as its document. The rows come from several queries, and every
 * edit rewrites them, so they are read in one repeatable-read snapshot: a read racing an
 * edit sees the draft before it or after it, never a mix. Inside a transaction, use
 * `loadRouterDocumentIn`.
 */
export async function loadRouterDocument(db: Db, projectId: string, routerName: string): Promise<LoadedRouter> {
  return db.$transaction((tx) => loadRouterDocumentIn(tx, projectId, routerName), {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    maxWait: 10_000,
    timeout: 10_000,
  });
}

/** The draft as the transaction `tx` sees it (the caller holds the router's lock, or reads a snapshot). */
export async function loadRouterDocumentIn(tx: Tx, projectId: string, routerName: string): Promise<LoadedRouter> {
  const row = await tx.router.findUnique({
    where: { projectId_name: { projectId, name: routerName } },
    include: routerInclude,
  });
  if (!row) throw new NotFoundError("router", routerName);
  return { id: row.id, revision: row.revision, activeVersionId: row.activeVersionId, document: documentFromRow(row) };
}

function sameConditions(a: Condition[], b: Condition[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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
 * queue instead of interleaving), check the revision, apply `edit` to the
 * current document, validate, rewrite the draft rows, bump the revision and write the
 * audit row. `edit` returns the new document, and optionally what the audit row records.
 */
export async function mutateDraft(
  db: Db,
  projectId: string,
  routerName: string,
  change: DraftChange,
  edit: (current: RouterDocument) => RouterDocumentInput | { document: RouterDocumentInput; before?: unknown; after?: unknown },
): Promise<LoadedRouter> {
  return withDbErrors({ what: "router", router: routerName, projectId, db }, () =>
    db.$transaction(async (tx) => {
      await lockForDraftEdit(tx, projectId);
      const locked = await tx.$queryRaw<{ id: string; revision: number }[]>`
        SELECT id, revision FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${routerName} FOR UPDATE`;
      const row = locked[0];
      if (!row) throw new NotFoundError("router", routerName);
      if (change.expectedRevision !== undefined && row.revision !== change.expectedRevision) {
        throw new StaleRevisionError(`router '${routerName}'`, change.expectedRevision, row.revision);
      }
      const current = await loadRouterDocumentIn(tx, projectId, routerName);
      const result = edit(current.document);
      const isWrapped = typeof result === "object" && result !== null && "document" in result && !("name" in result);
      const input = isWrapped ? (result as { document: RouterDocumentInput }).document : (result as RouterDocumentInput);
      const doc = await withProjectAudiences(tx, projectId, routerDocumentSchema.parse(input));
      checkReferences(doc);
      await tx.router.update({ where: { id: row.id }, data: { ...routerSettingsData(doc), revision: { increment: 1 } } });
      // Rules first (their splits hold routes), then the routes themselves.
      await tx.rule.deleteMany({ where: { routerId: row.id } });
      await tx.route.deleteMany({ where: { routerId: row.id } });
      await writeDraftRows(tx, projectId, row.id, doc);
      const saved = await loadRouterDocumentIn(tx, projectId, doc.name);
      const wrapped = isWrapped ? (result as { before?: unknown; after?: unknown }) : undefined;
      await recordAudit(tx, {
        projectId,
        routerName,
        actor: change.actor,
        action: change.action,
        targetType: change.targetType,
        targetName: change.targetName,
        before: wrapped && "before" in wrapped ? wrapped.before : current.document,
        after: wrapped && "after" in wrapped ? wrapped.after : saved.document,
      });
      return saved;
    }, DRAFT_TRANSACTION),
  );
}

function routerSettingsData(doc: RouterDocument) {
  return {
    name: doc.name,
    description: doc.description ?? "",
    keySources: doc.settings.keySources as Prisma.InputJsonValue,
    missingKey: doc.settings.missingKey,
    strict: doc.settings.strict,
    allowPin: doc.settings.allowPin,
    seed: doc.settings.seed ?? null,
    recordPercentBp: toBp(doc.settings.recordPercent),
    recordMaxPerSecond: doc.settings.recordMaxPerSecond,
    recordFields: doc.settings.recordFields as Prisma.InputJsonValue,
    recordKeys: doc.settings.recordKeys,
  };
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

async function resolveAudiences(tx: Tx, projectId: string, doc: RouterDocument): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const used = new Set(doc.rules.map((r) => r.audience).filter((a): a is string => !!a));
  for (const audience of doc.audiences) {
    if (!used.has(audience.name)) continue;
    const found = await tx.audience.findUnique({
      where: { projectId_name: { projectId, name: audience.name } },
      include: { conditions: { orderBy: { position: "asc" } } },
    });
    if (found) {
      if (!sameConditions(found.conditions.map(conditionFromRow), audience.conditions)) {
        throw new DomainError(
          `audience '${audience.name}' already exists in this project with other conditions; edit the audience itself or rename it in the document`,
          409,
          "audience_conflict",
          { audience: audience.name },
        );
      }
      ids.set(audience.name, found.id);
    } else {
      const id = randomUUID();
      await tx.audience.create({ data: { id, projectId, name: audience.name, description: audience.description ?? "" } });
      await tx.condition.createMany({ data: audience.conditions.map((c, position) => ({ audienceId: id, position, ...conditionData(c) })) });
      ids.set(audience.name, id);
    }
  }
  return ids;
}

function conditionData(c: Condition) {
  return { source: c.source, key: c.key, operator: c.operator, values: c.values as Prisma.InputJsonValue };
}

async function writeDraftRows(tx: Tx, projectId: string, routerId: string, doc: RouterDocument): Promise<void> {
  const routeIds = new Map(doc.routes.map((r) => [r.name, randomUUID()]));
  await tx.route.createMany({
    data: doc.routes.map((r, position) => ({ id: routeIds.get(r.name)!, routerId, name: r.name, url: r.url, timeoutMs: r.timeoutMs, position })),
  });
  const audienceIds = await resolveAudiences(tx, projectId, doc);
  const bodies: { id: string; body: DefaultRule }[] = [];
  const ruleRows = doc.rules.map((r, position) => {
    const id = randomUUID();
    bodies.push({ id, body: r });
    return {
      id,
      routerId,
      name: r.name,
      position,
      isDefault: false,
      audienceId: r.audience ? audienceIds.get(r.audience)! : null,
      strategy: r.strategy,
      slots: r.slots ?? null,
    };
  });
  if (doc.defaultRule) {
    const id = randomUUID();
    bodies.push({ id, body: doc.defaultRule });
    ruleRows.push({ id, routerId, name: null as unknown as string, position: null as unknown as number, isDefault: true, audienceId: null, strategy: doc.defaultRule.strategy, slots: doc.defaultRule.slots ?? null });
  }
  await tx.rule.createMany({ data: ruleRows });
  await tx.condition.createMany({
    data: doc.rules.flatMap((r, i) => r.conditions.map((c, position) => ({ ruleId: ruleRows[i]!.id, position, ...conditionData(c) }))),
  });
  await tx.splitEntry.createMany({
    data: bodies.flatMap(({ id, body }) =>
      body.split.map((s, position) => ({ routerId, ruleId: id, routeId: routeIds.get(s.route)!, weightBp: toBp(s.weight), position })),
    ),
  });
  await tx.shadow.createMany({
    data: bodies.flatMap(({ id, body }) =>
      body.shadows.map((s, position) => ({ routerId, ruleId: id, routeId: routeIds.get(s.route)!, percentBp: toBp(s.percent), position })),
    ),
  });
}

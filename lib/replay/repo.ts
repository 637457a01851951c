/**
 * Request samples in PostgreSQL: reading a router's samples for a replay or an export,
 * the documents a replay compares, the counts the console shows, and deleting them. Reads
 * are plain queries (no transaction is held while a replay decides), scoped by the
 * router's id, which is found within its project.
 */
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { DomainError, NotFoundError } from "@/lib/errors";
import { routerDocumentSchema, type RouterDocument, type RoutingRequest } from "@/lib/router/document";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { freezeDocument } from "@/lib/versions/freeze";
import { recordingOf, seedOf, withoutOmitted, type Recording, type Sample } from "./sample";
import type { ReplayBody, SampleLine, SampleSummary } from "./schema";

interface RouterRef {
  readonly id: string;
  readonly activeVersionId: string | null;
}

async function routerRef(db: Db, projectId: string, router: string): Promise<RouterRef> {
  const row = await db.router.findUnique({ where: { projectId_name: { projectId, name: router } }, select: { id: true, activeVersionId: true } });
  if (!row) throw new NotFoundError("router", router);
  return row;
}

async function versionDocument(db: Db, ref: RouterRef, router: string, which: "active" | number): Promise<{ version: number; document: RouterDocument }> {
  if (which === "active") {
    if (ref.activeVersionId === null) throw new DomainError(`router '${router}' has no active version yet: nothing has served requests to replay`, 409, "not_deployed");
    const v = await db.version.findUniqueOrThrow({ where: { id: ref.activeVersionId }, select: { number: true, document: true } });
    return { version: v.number, document: routerDocumentSchema.parse(v.document) };
  }
  const v = await db.version.findUnique({ where: { routerId_number: { routerId: ref.id, number: which } }, select: { number: true, document: true } });
  if (!v) throw new NotFoundError("version", String(which));
  return { version: v.number, document: routerDocumentSchema.parse(v.document) };
}

export interface ReplayDocuments {
  readonly routerId: string;
  readonly from: { readonly version: number; readonly document: RouterDocument };
  readonly to: { readonly version: number | null; readonly draft: boolean; readonly revision?: number; readonly document: RouterDocument };
}

/**
 * The two documents of a replay. The draft is taken as a deploy would freeze it: sticky
 * slot tables moved minimally from the active version's, so keys move as they will.
 */
export async function replayDocuments(db: Db, projectId: string, router: string, body: Pick<ReplayBody, "from" | "to">): Promise<ReplayDocuments> {
  const ref = await routerRef(db, projectId, router);
  const from = await versionDocument(db, ref, router, body.from);
  if (body.to !== "draft") {
    const to = await versionDocument(db, ref, router, body.to);
    return { routerId: ref.id, from, to: { version: to.version, draft: false, document: to.document } };
  }
  const draft = await loadRouterDocument(db, projectId, router);
  const active = draft.activeVersionId === null ? undefined : (await versionDocument(db, { ...ref, activeVersionId: draft.activeVersionId }, router, "active")).document;
  return { routerId: ref.id, from, to: { version: null, draft: true, revision: draft.revision, document: freezeDocument(draft.document, active) } };
}

/** A stored sample's `request` column: the recorded fields, and those too long to keep. */
type StoredRequest = RoutingRequest & { omitted?: string[] };

/** One row as the loading query returns it: [id, version, epoch ms, slot, rate, request]. */
type LoadedRow = [string, number, number, number | null, number, StoredRequest];

interface Window {
  readonly since?: string;
  readonly until?: string;
  readonly limit: number;
}

function windowSql(window: Window, params: unknown[]): string {
  let sql = "";
  if (window.since !== undefined) {
    params.push(window.since);
    sql += ` AND "at" >= $${params.length}::timestamptz`;
  }
  if (window.until !== undefined) {
    params.push(window.until);
    sql += ` AND "at" <= $${params.length}::timestamptz`;
  }
  return sql;
}

/** What the versions of `numbers` recorded; a version that is gone records nothing known. */
async function recordings(db: Db, routerId: string, numbers: readonly number[]): Promise<Map<number, Recording>> {
  const rows = numbers.length === 0 ? [] : await db.version.findMany({ where: { routerId, number: { in: [...numbers] } }, select: { number: true, document: true } });
  const out = new Map<number, Recording>();
  for (const v of rows) {
    const parsed = routerDocumentSchema.safeParse(v.document);
    if (parsed.success) out.set(v.number, recordingOf(parsed.data));
  }
  for (const n of numbers) if (!out.has(n)) out.set(n, { fields: new Set(), slotMode: false, slotContext: "" });
  return out;
}

const requestOf = (stored: StoredRequest): RoutingRequest => {
  const { omitted: _omitted, ...request } = stored;
  return request;
};

/**
 * The newest `limit` samples of the window, oldest first, as the replay reads them. The
 * rows come back as one JSON text (PostgreSQL builds it), which is much cheaper to read
 * than row by row.
 */
export async function loadSamples(db: Db, routerId: string, window: Window): Promise<Sample[]> {
  const params: unknown[] = [routerId];
  const where = windowSql(window, params);
  params.push(window.limit);
  const rows = await db.$queryRawUnsafe<{ rows: string }[]>(
    `SELECT coalesce(json_agg(json_build_array(s.id::text, s."version", floor(extract(epoch FROM s."at") * 1000), s."slot", s."rate", s."request") ORDER BY s."at", s.id), '[]')::text AS rows
     FROM (SELECT id, "version", "at", "slot", "rate", "request" FROM "request_samples" WHERE "routerId" = $1::uuid${where} ORDER BY "at" DESC, id DESC LIMIT $${params.length}) s`,
    ...params,
  );
  const loaded = JSON.parse(rows[0]?.rows ?? "[]") as LoadedRow[];
  const byVersion = await recordings(db, routerId, [...new Set(loaded.map((r) => r[1]))]);
  return loaded.map(([id, version, time, slot, rate, stored]): Sample => ({
    seed: seedOf(id, 0),
    id,
    time,
    request: requestOf(stored),
    ...(slot !== null ? { slot } : {}),
    rate,
    recording: withoutOmitted(byVersion.get(version)!, stored.omitted),
  }));
}

type ExportRow = {
  id: string;
  version: number;
  at: Date;
  rule: string | null;
  route: string | null;
  sticky: boolean;
  status: number;
  error: string | null;
  key: string | null;
  slot: number | null;
  rate: number;
  request: StoredRequest;
};

const PAGE = 2_000;

/** A stored sample as an NDJSON line (sampleLineSchema). */
function lineOf(row: ExportRow, recording: Recording): SampleLine {
  const { headers, query, body, omitted } = row.request;
  const fields = [...withoutOmitted(recording, omitted).fields];
  return {
    id: row.id,
    time: row.at.toISOString(),
    version: row.version,
    ...(headers !== undefined ? { headers } : {}),
    ...(query !== undefined ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(row.key !== null ? { key: row.key } : {}),
    ...(row.slot !== null ? { slot: row.slot } : {}),
    rate: row.rate,
    fields,
    ...(recording.slotMode ? { keys: "slot" as const } : {}),
    served: { rule: row.rule, route: row.route, sticky: row.sticky, status: row.status, ...(row.error !== null ? { error: row.error } : {}) },
  };
}

/**
 * The samples of the window as NDJSON, oldest first, read page by page (keyset on time
 * and id) as the stream is consumed, so that a million samples never sit in memory.
 */
export async function exportSamples(db: Db, projectId: string, router: string, window: Window): Promise<ReadableStream<Uint8Array>> {
  const ref = await routerRef(db, projectId, router);
  // Where the newest `limit` samples of the window start.
  const params: unknown[] = [ref.id];
  const where = windowSql(window, params);
  params.push(window.limit - 1);
  const start = (
    await db.$queryRawUnsafe<{ at: Date; id: string }[]>(
      `SELECT "at", id::text AS id FROM "request_samples" WHERE "routerId" = $1::uuid${where} ORDER BY "at" DESC, id DESC OFFSET $${params.length} LIMIT 1`,
      ...params,
    )
  )[0];
  let cursor: { at: Date; id: string; inclusive: boolean } | null = start ? { ...start, inclusive: true } : null;
  let left = window.limit;
  const versions = new Map<number, Recording>();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const page: unknown[] = [ref.id];
        let sql = windowSql(window, page);
        if (cursor !== null) {
          page.push(cursor.at, cursor.id);
          sql += ` AND ("at", id) ${cursor.inclusive ? ">=" : ">"} ($${page.length - 1}::timestamptz, $${page.length}::bigint)`;
        }
        page.push(Math.min(PAGE, left));
        const rows = await db.$queryRawUnsafe<ExportRow[]>(
          `SELECT id::text AS id, "version", "at", "rule", "route", "sticky", "status", "error", "key", "slot", "rate", "request"
           FROM "request_samples" WHERE "routerId" = $1::uuid${sql} ORDER BY "at", id LIMIT $${page.length}`,
          ...page,
        );
        const missing = [...new Set(rows.map((r) => r.version).filter((n) => !versions.has(n)))];
        for (const [n, recording] of await recordings(db, ref.id, missing)) versions.set(n, recording);
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((r) => `${JSON.stringify(lineOf(r, versions.get(r.version)!))}\n`).join("")));
        left -= rows.length;
        const last = rows[rows.length - 1];
        if (last === undefined || left <= 0 || rows.length < PAGE) controller.close();
        else cursor = { at: last.at, id: last.id, inclusive: false };
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

/** How many samples a router holds and, over every gateway, how many were recorded and dropped. */
export async function sampleSummary(db: Db, projectId: string, router: string): Promise<SampleSummary> {
  const ref = await routerRef(db, projectId, router);
  const [stored] = await db.$queryRaw<{ n: bigint; oldest: Date | null; newest: Date | null }[]>`
    SELECT count(*) AS n, min("at") AS oldest, max("at") AS newest FROM "request_samples" WHERE "routerId" = ${ref.id}::uuid`;
  const counts = await db.sampleCount.findMany({ where: { routerId: ref.id } });
  const dropped: Record<string, number> = {};
  let recorded = 0;
  let since: Date | null = null;
  for (const c of counts) {
    if (c.outcome === "recorded") recorded = Number(c.count);
    else dropped[c.outcome] = Number(c.count);
    if (since === null || c.since < since) since = c.since;
  }
  return {
    stored: Number(stored?.n ?? 0),
    oldest: stored?.oldest?.toISOString() ?? null,
    newest: stored?.newest?.toISOString() ?? null,
    recorded,
    dropped,
    since: since?.toISOString() ?? null,
  };
}

/**
 * Deletes every sample of a router, in batches (each its own statement, so the gateways'
 * writes never wait on one long delete), and resets its counts; audited.
 */
export async function deleteSamples(db: Db, projectId: string, router: string, actor: string): Promise<{ deleted: number }> {
  const ref = await routerRef(db, projectId, router);
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "request_samples" WHERE id IN (SELECT id FROM "request_samples" WHERE "routerId" = ${ref.id}::uuid LIMIT 10000)`;
    deleted += n;
    if (n < 10_000) break;
  }
  await db.$transaction(async (tx) => {
    await tx.sampleCount.deleteMany({ where: { routerId: ref.id } });
    await recordAudit(tx, { projectId, actor, action: "router.samples.delete", targetType: "router", targetName: router, before: { samples: deleted } });
  });
  return { deleted };
}

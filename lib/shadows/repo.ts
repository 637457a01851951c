/** Stored shadow disagreements: read and deleted per router (the gateway writes them). */
import { recordAudit } from "@/lib/audit/record";
import type { Db, Tx } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { routerDocumentSchema } from "@/lib/router/document";
import type { DisagreementPage, DisagreementView } from "./schema";

async function routerOf(db: Tx, projectId: string, name: string) {
  const router = await db.router.findUnique({
    where: { projectId_name: { projectId, name } },
    select: { id: true, activeVersion: { select: { document: true } } },
  });
  if (!router) throw new NotFoundError("router", name);
  return router;
}

type Row = { id: bigint; version: number; rule: string; route: string; field: string; createdAt: Date; request: unknown; primary: unknown; shadow: unknown; differences: unknown };

function view(row: Row): DisagreementView {
  const request = (row.request ?? {}) as Partial<DisagreementView["request"]>;
  const side = (value: unknown) => {
    const s = (value ?? {}) as Partial<DisagreementView["primary"]>;
    return { status: s.status ?? 0, latencyMs: s.latencyMs ?? 0, body: s.body ?? "", truncated: s.truncated ?? false };
  };
  return {
    id: row.id.toString(),
    version: row.version,
    rule: row.rule,
    route: row.route,
    field: row.field,
    createdAt: row.createdAt.toISOString(),
    request: {
      method: request.method ?? "",
      path: request.path ?? "",
      query: request.query ?? "",
      headers: request.headers ?? {},
      body: request.body ?? null,
      bodyTruncated: request.bodyTruncated ?? false,
    },
    primary: side(row.primary),
    shadow: side(row.shadow),
    differences: Array.isArray(row.differences) ? (row.differences as DisagreementView["differences"]) : [],
  };
}

/** The router's stored disagreements, newest first. */
export async function listDisagreements(db: Db, projectId: string, routerName: string, page: { limit: number; cursor?: string }): Promise<DisagreementPage> {
  const router = await routerOf(db, projectId, routerName);
  const rows = await db.shadowDisagreement.findMany({
    where: { routerId: router.id, ...(page.cursor ? { id: { lt: BigInt(page.cursor) } } : {}) },
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  const active = router.activeVersion ? routerDocumentSchema.safeParse(router.activeVersion.document) : null;
  const items = rows.slice(0, page.limit).map(view);
  return { keep: active?.success ? active.data.settings.keepDisagreements : 0, items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null };
}

/** Deletes every stored disagreement of the router (or only `id`); audited. */
export async function deleteDisagreements(db: Db, projectId: string, routerName: string, options: { actor: string; id?: string }): Promise<number> {
  return db.$transaction(async (tx) => {
    const router = await routerOf(tx, projectId, routerName);
    let deleted: number;
    if (options.id !== undefined) {
      const found = await tx.shadowDisagreement.findFirst({ where: { id: BigInt(options.id), routerId: router.id }, select: { id: true, rule: true, route: true, field: true } });
      if (!found) throw new NotFoundError("shadow disagreement", options.id);
      await tx.shadowDisagreement.delete({ where: { id: found.id } });
      deleted = 1;
      await recordAudit(tx, {
        projectId,
        actor: options.actor,
        action: "shadow_disagreement.delete",
        targetType: "router",
        targetName: routerName,
        before: { id: options.id, rule: found.rule, route: found.route, field: found.field },
      });
    } else {
      deleted = (await tx.shadowDisagreement.deleteMany({ where: { routerId: router.id } })).count;
      await recordAudit(tx, { projectId, actor: options.actor, action: "shadow_disagreements.delete", targetType: "router", targetName: routerName, before: { count: deleted } });
    }
    return deleted;
  });
}

import type { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { holdProject, lockProjectAudiences } from "@/lib/db/locks";
import { recordAudit } from "@/lib/audit/record";
import { withDbErrors } from "@/lib/db/translate-error";
import { InUseError, NotFoundError, StaleRevisionError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Audience, Condition } from "@/lib/router/document";
import type { audienceResponseSchema } from "@/lib/routers/schema";

export type AudienceView = z.infer<typeof audienceResponseSchema>;

const include = {
  conditions: { orderBy: { position: "asc" } },
  rules: { select: { name: true, router: { select: { name: true } } } },
} satisfies Prisma.AudienceInclude;

function view(a: Prisma.AudienceGetPayload<{ include: typeof include }>): AudienceView {
  return {
    name: a.name,
    ...(a.description ? { description: a.description } : {}),
    conditions: a.conditions.map((c) => ({ source: c.source, key: c.key, operator: c.operator, values: c.values as Condition["values"] })),
    revision: a.revision,
    usedBy: a.rules.map((r) => ({ router: r.router.name, rule: r.name ?? "default" })),
  };
}

const conditionRows = (audienceId: string, conditions: Condition[]) =>
  conditions.map((c, position) => ({ audienceId, position, source: c.source, key: c.key, operator: c.operator, values: c.values as Prisma.InputJsonValue }));

/** Ordered by name; `cursor` is the last name seen. */
export async function listAudiences(db: Db, projectId: string, page: { limit: number; cursor?: string }) {
  const rows = await db.audience.findMany({
    where: { projectId, ...(page.cursor ? { name: { gt: page.cursor } } : {}) },
    orderBy: { name: "asc" },
    take: page.limit + 1,
    include,
  });
  const items = rows.slice(0, page.limit).map(view);
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.name : null };
}

export async function getAudience(db: Db, projectId: string, name: string): Promise<AudienceView> {
  const a = await db.audience.findUnique({ where: { projectId_name: { projectId, name } }, include });
  if (!a) throw new NotFoundError("audience", name);
  return view(a);
}

export async function createAudience(db: Db, projectId: string, input: Audience, actor: string): Promise<AudienceView> {
  return withDbErrors({ what: "audience", name: input.name, projectId, db }, () =>
    db.$transaction(async (tx) => {
      const a = await tx.audience.create({ data: { projectId, name: input.name, description: input.description ?? "" } });
      await tx.condition.createMany({ data: conditionRows(a.id, input.conditions) });
      const created = view(await tx.audience.findUniqueOrThrow({ where: { id: a.id }, include }));
      await recordAudit(tx, { projectId, actor, action: "audience.create", targetType: "audience", targetName: input.name, after: { conditions: input.conditions } });
      return created;
    }),
  );
}

/** Audience edits wait for the draft edits in flight in the project (past these limits: 503, retry). */
const LOCKING_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

/**
 * Changing an audience changes every rule that uses it, in every router of the project, so
 * each of those routers gets a new revision in the same transaction: a writer holding the
 * old one gets 412 and re-reads. The project's audiences are locked exclusively (draft
 * edits hold them shared), so no router can start using the audience unseen meanwhile.
 */
export async function updateAudience(
  db: Db,
  projectId: string,
  name: string,
  patch: { description?: string; conditions?: Condition[] },
  options: { expectedRevision?: number; actor: string },
): Promise<AudienceView> {
  return db.$transaction(async (tx) => {
    await lockProjectAudiences(tx, projectId, "exclusive");
    const current = await tx.audience.findUnique({ where: { projectId_name: { projectId, name } }, include });
    if (!current) throw new NotFoundError("audience", name);
    if (options.expectedRevision !== undefined && current.revision !== options.expectedRevision) {
      throw new StaleRevisionError(`audience '${name}'`, options.expectedRevision, current.revision);
    }
    const routers = await lockRoutersUsing(tx, current.id);
    await holdProject(tx, projectId);
    const bumped = await tx.audience.updateMany({
      where: { id: current.id, revision: current.revision },
      data: { ...(patch.description !== undefined ? { description: patch.description } : {}), revision: { increment: 1 } },
    });
    if (bumped.count !== 1) throw new StaleRevisionError(`audience '${name}'`, current.revision, undefined);
    if (patch.conditions) {
      await tx.condition.deleteMany({ where: { audienceId: current.id } });
      await tx.condition.createMany({ data: conditionRows(current.id, patch.conditions) });
    }
    if (routers.length > 0) await tx.router.updateMany({ where: { id: { in: routers.map((r) => r.id) } }, data: { revision: { increment: 1 } } });
    const updated = view(await tx.audience.findUniqueOrThrow({ where: { id: current.id }, include }));
    await recordAudit(tx, {
      projectId,
      actor: options.actor,
      action: "audience.update",
      targetType: "audience",
      targetName: name,
      before: { description: current.description, conditions: view(current).conditions },
      after: { description: updated.description ?? "", conditions: updated.conditions, routers: routers.map((r) => r.name) },
    });
    return updated;
  }, LOCKING_TRANSACTION);
}

/** The routers whose rules use the audience, locked as a draft edit locks its router (in id order). */
async function lockRoutersUsing(tx: Tx, audienceId: string): Promise<{ id: string; name: string }[]> {
  return tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT id, name FROM routers WHERE id IN (SELECT "routerId" FROM rules WHERE "audienceId" = ${audienceId}::uuid) ORDER BY id FOR UPDATE`;
}

/** Refused (409) while a rule uses the audience; checked with the project's audiences locked, as for an edit. */
export async function deleteAudience(db: Db, projectId: string, name: string, options: { expectedRevision?: number; actor: string }): Promise<void> {
  await withDbErrors({ what: "audience", name }, () =>
    db.$transaction(async (tx) => {
      await lockProjectAudiences(tx, projectId, "exclusive");
      await holdProject(tx, projectId);
      const current = await tx.audience.findUnique({ where: { projectId_name: { projectId, name } }, include });
      if (!current) throw new NotFoundError("audience", name);
      if (options.expectedRevision !== undefined && current.revision !== options.expectedRevision) {
        throw new StaleRevisionError(`audience '${name}'`, options.expectedRevision, current.revision);
      }
      if (current.rules.length > 0) {
        throw new InUseError(`audience '${name}' is used by ${current.rules.map((r) => `${r.router.name}/${r.name}`).join(", ")}`, { usedBy: view(current).usedBy });
      }
      await tx.audience.delete({ where: { id: current.id } });
      await recordAudit(tx, { projectId, actor: options.actor, action: "audience.delete", targetType: "audience", targetName: name, before: { conditions: view(current).conditions } });
    }, LOCKING_TRANSACTION),
  );
}

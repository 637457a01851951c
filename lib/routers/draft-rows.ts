import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { compareSpecSchema } from "@/lib/shadows/spec";
import type { Audience, Condition, DefaultRule, Rule, RouterDocument } from "@/lib/router/document";
import { usedAudiences } from "./edits";

/**
 * The draft as rows (routers, routes, rules, conditions, splits, shadows) and the two ways a
 * new document is written over them: `writeDraftRows` inserts every row (a new router, or the
 * full rewrite), `writeDraftChanges` compares the new document with the rows it replaces and
 * writes only the rows that differ. Both leave the same rows behind, up to their ids.
 */

export const toBp = (n: number) => Math.round(n * 100);
export const fromBp = (bp: number) => bp / 100;

type ConditionRow = { source: Condition["source"]; key: string; operator: Condition["operator"]; values: unknown };
type RuleRow = {
  id: string;
  name: string | null;
  position: number | null;
  isDefault: boolean;
  audienceId: string | null;
  strategy: DefaultRule["strategy"];
  slots: string | null;
  conditions: ConditionRow[];
  split: { weightBp: number; route: { name: string } }[];
  shadows: { percentBp: number; compare: unknown; route: { name: string } }[];
  audience: { id: string; name: string; description: string; conditions: ConditionRow[] } | null;
};
/** A router's draft rows, as `loadDraftRow` reads them (ids included, every list in its order). */
export type RouterRow = {
  id: string;
  name: string;
  description: string;
  keySources: unknown;
  missingKey: RouterDocument["settings"]["missingKey"];
  strict: boolean;
  allowPin: boolean;
  seed: string | null;
  keepDisagreements: number;
  recordPercentBp: number;
  recordMaxPerSecond: number;
  recordFields: unknown;
  recordKeys: RouterDocument["settings"]["recordKeys"];
  revision: number;
  activeVersionId: string | null;
  routes: { id: string; name: string; url: string; timeoutMs: number; position: number }[];
  rules: RuleRow[];
};

/**
 * Reads a router's draft rows in one statement: PostgreSQL nests conditions, splits, shadows
 * and audiences into one JSON value, so a 500-rule draft is one round trip and one
 * JSON.parse, and one statement sees one snapshot (a read racing an edit sees the draft
 * before or after it, never a mix). Null when the router does not exist.
 */
export async function loadDraftRow(tx: Tx, projectId: string, routerName: string): Promise<RouterRow | null> {
  // Set-based (each child table aggregated once, hash-joined), not a subquery per rule:
  // a subquery per rule cost PostgreSQL about ten times the CPU at 500 rules.
  const rows = await tx.$queryRaw<{ draft: string }[]>`
    WITH router AS (
      SELECT * FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${routerName}
    ), ru AS (
      SELECT rules.* FROM rules JOIN router ON rules."routerId" = router.id
    ), cond AS (
      SELECT c."ruleId" AS id, json_agg(json_build_object('source', c.source, 'key', c.key, 'operator', c.operator, 'values', c.values) ORDER BY c.position) AS list
      FROM conditions c JOIN ru ON c."ruleId" = ru.id GROUP BY c."ruleId"
    ), spl AS (
      SELECT s."ruleId" AS id, json_agg(json_build_object('weightBp', s."weightBp", 'route', json_build_object('name', ro.name)) ORDER BY s.position) AS list
      FROM split_entries s JOIN ru ON s."ruleId" = ru.id JOIN routes ro ON ro.id = s."routeId" GROUP BY s."ruleId"
    ), sha AS (
      SELECT s."ruleId" AS id, json_agg(json_build_object('percentBp', s."percentBp", 'compare', s.compare, 'route', json_build_object('name', ro.name)) ORDER BY s.position) AS list
      FROM shadows s JOIN ru ON s."ruleId" = ru.id JOIN routes ro ON ro.id = s."routeId" GROUP BY s."ruleId"
    ), aud AS (
      SELECT a.id, json_build_object('id', a.id, 'name', a.name, 'description', a.description, 'conditions', coalesce((
        SELECT json_agg(json_build_object('source', c.source, 'key', c.key, 'operator', c.operator, 'values', c.values) ORDER BY c.position)
        FROM conditions c WHERE c."audienceId" = a.id), '[]')) AS audience
      FROM audiences a WHERE a.id IN (SELECT "audienceId" FROM ru)
    )
    SELECT json_build_object(
      'id', r.id, 'name', r.name, 'description', r.description, 'keySources', r."keySources",
      'missingKey', r."missingKey", 'strict', r.strict, 'allowPin', r."allowPin", 'seed', r.seed, 'keepDisagreements', r."keepDisagreements",
      'recordPercentBp', r."recordPercentBp", 'recordMaxPerSecond', r."recordMaxPerSecond", 'recordFields', r."recordFields", 'recordKeys', r."recordKeys",
      'revision', r.revision, 'activeVersionId', r."activeVersionId",
      'routes', (
        SELECT coalesce(json_agg(json_build_object('id', ro.id, 'name', ro.name, 'url', ro.url, 'timeoutMs', ro."timeoutMs", 'position', ro.position) ORDER BY ro.position), '[]')
        FROM routes ro WHERE ro."routerId" = r.id),
      'rules', (
        SELECT coalesce(json_agg(json_build_object(
          'id', ru.id, 'name', ru.name, 'position', ru.position, 'isDefault', ru."isDefault", 'audienceId', ru."audienceId",
          'strategy', ru.strategy, 'slots', ru.slots,
          'conditions', coalesce(cond.list, '[]'), 'split', coalesce(spl.list, '[]'), 'shadows', coalesce(sha.list, '[]'),
          'audience', aud.audience
        ) ORDER BY ru."isDefault", ru.position), '[]')
        FROM ru LEFT JOIN cond ON cond.id = ru.id LEFT JOIN spl ON spl.id = ru.id LEFT JOIN sha ON sha.id = ru.id LEFT JOIN aud ON aud.id = ru."audienceId")
    )::text AS draft
    FROM router r`;
  return rows[0] ? (JSON.parse(rows[0].draft) as RouterRow) : null;
}

export function conditionFromRow(c: Pick<ConditionRow, "source" | "key" | "operator" | "values">): Condition {
  return { source: c.source, key: c.key, operator: c.operator, values: c.values as Condition["values"] };
}

function ruleBodyFromRow(r: RuleRow): DefaultRule {
  return {
    strategy: r.strategy,
    split: r.split.map((s) => ({ route: s.route.name, weight: fromBp(s.weightBp) })),
    // JSONB reorders keys: parsing puts them back in the schema's order (and checks the column).
    shadows: r.shadows.map((s) => ({ route: s.route.name, percent: fromBp(s.percentBp), ...(s.compare != null ? { compare: compareSpecSchema.parse(s.compare) } : {}) })),
    ...(r.slots ? { slots: r.slots } : {}),
  };
}

/** An audience as a rule's row joins it: the project's audience, whatever the document said. */
type StoredAudience = { id: string; name: string; description: string; conditions: Condition[] };

function audienceOf(a: StoredAudience): Audience {
  return { name: a.name, ...(a.description ? { description: a.description } : {}), conditions: a.conditions };
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
      audiences.set(r.audience.name, audienceOf({ ...r.audience, conditions: r.audience.conditions.map(conditionFromRow) }));
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
      keepDisagreements: row.keepDisagreements,
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

/**
 * What `documentFromRow` reads back after `doc` is written: weights at their stored 0.01 %,
 * JSON values as JSONB returns them, empty fields dropped, and only the audiences that rules
 * use, as the project defines them. The incremental write answers with it instead of loading
 * the draft again.
 */
function storedDocument(doc: RouterDocument, audiences: Map<string, StoredAudience>): RouterDocument {
  const body = (b: DefaultRule): DefaultRule => ({
    strategy: b.strategy,
    split: b.split.map((s) => ({ route: s.route, weight: fromBp(toBp(s.weight)) })),
    shadows: b.shadows.map((s) => ({ route: s.route, percent: fromBp(toBp(s.percent)), ...(s.compare !== undefined ? { compare: compareSpecSchema.parse(JSON.parse(JSON.stringify(s.compare))) } : {}) })),
    ...(b.slots ? { slots: b.slots } : {}),
  });
  const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  const used = [...new Set(doc.rules.map((r) => r.audience).filter((a): a is string => !!a))];
  return {
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    settings: {
      keySources: doc.settings.keySources.map((k) => ({ source: k.source, key: k.key })),
      missingKey: doc.settings.missingKey,
      strict: doc.settings.strict,
      allowPin: doc.settings.allowPin,
      ...(doc.settings.seed !== undefined ? { seed: doc.settings.seed } : {}),
      keepDisagreements: doc.settings.keepDisagreements,
      recordPercent: fromBp(toBp(doc.settings.recordPercent)),
      recordMaxPerSecond: doc.settings.recordMaxPerSecond,
      recordFields: doc.settings.recordFields.map((f) => ({ source: f.source, key: f.key })),
      recordKeys: doc.settings.recordKeys,
    },
    routes: doc.routes.map((r) => ({ name: r.name, url: r.url, timeoutMs: r.timeoutMs })),
    audiences: used.map((name) => audienceOf(audiences.get(name)!)).sort((a, b) => a.name.localeCompare(b.name)),
    rules: doc.rules.map((r) => {
      const b = body(r);
      return {
        name: r.name,
        ...(r.audience ? { audience: r.audience } : {}),
        conditions: r.conditions.map((c) => json(conditionFromRow(c))),
        strategy: b.strategy,
        split: b.split,
        shadows: b.shadows,
        ...(b.slots ? { slots: b.slots } : {}),
      };
    }),
    ...(doc.defaultRule ? { defaultRule: body(doc.defaultRule) } : {}),
  };
}

export function routerSettingsData(doc: RouterDocument) {
  return {
    name: doc.name,
    description: doc.description ?? "",
    keySources: doc.settings.keySources as Prisma.InputJsonValue,
    missingKey: doc.settings.missingKey,
    strict: doc.settings.strict,
    allowPin: doc.settings.allowPin,
    seed: doc.settings.seed ?? null,
    keepDisagreements: doc.settings.keepDisagreements,
    recordPercentBp: toBp(doc.settings.recordPercent),
    recordMaxPerSecond: doc.settings.recordMaxPerSecond,
    recordFields: doc.settings.recordFields as Prisma.InputJsonValue,
    recordKeys: doc.settings.recordKeys,
  };
}

function conditionData(c: Condition) {
  return { source: c.source, key: c.key, operator: c.operator, values: c.values as Prisma.InputJsonValue };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Finds (or creates) the project audiences that `wanted` names. One that exists with other
 * conditions is refused rather than silently changing the other routers that share it.
 */
async function resolveAudiences(tx: Tx, projectId: string, wanted: Audience[]): Promise<Map<string, StoredAudience>> {
  const resolved = new Map<string, StoredAudience>();
  if (wanted.length === 0) return resolved;
  const rows = await tx.audience.findMany({
    where: { projectId, name: { in: [...new Set(wanted.map((a) => a.name))] } },
    include: { conditions: { orderBy: { position: "asc" } } },
  });
  for (const row of rows) resolved.set(row.name, { id: row.id, name: row.name, description: row.description, conditions: row.conditions.map(conditionFromRow) });
  for (const audience of wanted) {
    const found = resolved.get(audience.name);
    if (found) {
      if (!sameJson(found.conditions, audience.conditions)) {
        throw new DomainError(
          `audience '${audience.name}' already exists in this project with other conditions; edit the audience itself or rename it in the document`,
          409,
          "audience_conflict",
          { audience: audience.name },
        );
      }
      continue;
    }
    const id = randomUUID();
    await tx.audience.create({ data: { id, projectId, name: audience.name, description: audience.description ?? "" } });
    await tx.condition.createMany({ data: audience.conditions.map((c, position) => ({ audienceId: id, position, ...conditionData(c) })) });
    resolved.set(audience.name, { id, name: audience.name, description: audience.description ?? "", conditions: audience.conditions });
  }
  return resolved;
}


type NewRule = { id: string; position: number | null; body: DefaultRule; conditions: Condition[]; audienceId: string | null };

/** Inserts rules (rows, then their conditions, splits and shadows) whose routes are in `routeIds`. */
async function insertRules(tx: Tx, routerId: string, rules: NewRule[], routeIds: Map<string, string>, names: Map<string, string | null>): Promise<void> {
  if (rules.length === 0) return;
  await tx.rule.createMany({
    data: rules.map((r) => ({
      id: r.id,
      routerId,
      name: names.get(r.id) as string,
      position: r.position as number,
      isDefault: r.position === null,
      audienceId: r.audienceId,
      strategy: r.body.strategy,
      slots: r.body.slots ?? null,
    })),
  });
  await insertBodies(tx, routerId, rules, routeIds, { conditions: true, split: true, shadows: true });
}

async function insertBodies(
  tx: Tx,
  routerId: string,
  rules: Pick<NewRule, "id" | "body" | "conditions">[],
  routeIds: Map<string, string>,
  parts: { conditions: boolean; split: boolean; shadows: boolean },
): Promise<void> {
  const conditions = parts.conditions ? rules.flatMap((r) => r.conditions.map((c, position) => ({ ruleId: r.id, position, ...conditionData(c) }))) : [];
  if (conditions.length) await tx.condition.createMany({ data: conditions });
  const split = parts.split
    ? rules.flatMap((r) => r.body.split.map((s, position) => ({ routerId, ruleId: r.id, routeId: routeIds.get(s.route)!, weightBp: toBp(s.weight), position })))
    : [];
  if (split.length) await tx.splitEntry.createMany({ data: split });
  const shadows = parts.shadows
    ? rules.flatMap((r) => r.body.shadows.map((s, position) => ({ routerId, ruleId: r.id, routeId: routeIds.get(s.route)!, percentBp: toBp(s.percent), compare: s.compare === undefined ? Prisma.DbNull : (s.compare as Prisma.InputJsonValue), position })))
    : [];
  if (shadows.length) await tx.shadow.createMany({ data: shadows });
}

/** Inserts every row of `doc` for a router that has none (a new router, or after the rewrite deleted them). */
export async function writeDraftRows(tx: Tx, projectId: string, routerId: string, doc: RouterDocument): Promise<void> {
  const routeIds = new Map(doc.routes.map((r) => [r.name, randomUUID()]));
  await tx.route.createMany({
    data: doc.routes.map((r, position) => ({ id: routeIds.get(r.name)!, routerId, name: r.name, url: r.url, timeoutMs: r.timeoutMs, position })),
  });
  // One audience at a time, in document order, as a document naming one twice is checked.
  const audienceIds = new Map<string, string>();
  for (const audience of usedAudiences(doc)) {
    for (const [name, a] of await resolveAudiences(tx, projectId, [audience])) audienceIds.set(name, a.id);
  }
  const names = new Map<string, string | null>();
  const rules: NewRule[] = doc.rules.map((r, position) => {
    const id = randomUUID();
    names.set(id, r.name);
    return { id, position, body: r, conditions: r.conditions, audienceId: r.audience ? audienceIds.get(r.audience)! : null };
  });
  if (doc.defaultRule) {
    const id = randomUUID();
    names.set(id, null);
    rules.push({ id, position: null, body: doc.defaultRule, conditions: [], audienceId: null });
  }
  await insertRules(tx, routerId, rules, routeIds, names);
}

const duplicates = (names: string[]) => new Set(names).size !== names.length;

/**
 * Whether `writeDraftChanges` can write `doc`: rows are matched by name, so a document that
 * names a rule, route or audience twice is left to the full rewrite, whose inserts refuse it
 * (409) as they always did.
 */
export function canWriteChanges(doc: RouterDocument): boolean {
  return !duplicates(doc.rules.map((r) => r.name)) && !duplicates(doc.routes.map((r) => r.name)) && !duplicates(doc.audiences.map((a) => a.name));
}

/**
 * Writes `doc` over the draft rows `row` by changing only what differs: routes and rules are
 * matched by name; a kept rule's row is updated when its position, audience, strategy or
 * slots change, and its conditions, split or shadows are replaced only when they changed. The
 * caller holds the router's lock and has bumped its revision. Returns the document as stored.
 */
export async function writeDraftChanges(tx: Tx, projectId: string, row: RouterRow, doc: RouterDocument): Promise<RouterDocument> {
  const routerId = row.id;

  // Routes: new ones first (rules may send traffic to them), removed ones last (rules may still hold them until rewritten).
  const oldRoutes = new Map(row.routes.map((r) => [r.name, r]));
  const routeIds = new Map(row.routes.map((r) => [r.name, r.id]));
  const newRoutes = doc.routes.flatMap((r, position) => (oldRoutes.has(r.name) ? [] : [{ id: randomUUID(), routerId, name: r.name, url: r.url, timeoutMs: r.timeoutMs, position }]));
  for (const r of newRoutes) routeIds.set(r.name, r.id);
  if (newRoutes.length) await tx.route.createMany({ data: newRoutes });

  // Audiences: those the draft already uses are the project's (audience edits wait for this
  // transaction); only new ones, or ones the document redefines, are looked up.
  const audiences = new Map<string, StoredAudience>();
  for (const r of row.rules) {
    if (r.audience) audiences.set(r.audience.name, { id: r.audience.id, name: r.audience.name, description: r.audience.description, conditions: r.audience.conditions.map(conditionFromRow) });
  }
  const unresolved = usedAudiences(doc).filter((a) => {
    const known = audiences.get(a.name);
    return !known || !sameJson(known.conditions, a.conditions);
  });
  for (const [name, a] of await resolveAudiences(tx, projectId, unresolved)) audiences.set(name, a);

  // Rules, matched by name; the default rule by its flag.
  const oldRules = new Map(row.rules.filter((r) => !r.isDefault).map((r) => [r.name!, r]));
  const keep = new Set(doc.rules.map((r) => r.name));
  const removed = row.rules.filter((r) => !r.isDefault && !keep.has(r.name!)).map((r) => r.id);
  const inserted: NewRule[] = [];
  const names = new Map<string, string | null>();
  const updates: { id: string; position: number | null; audienceId: string | null; strategy: string; slots: string | null }[] = [];
  const rewrite = { conditions: [] as string[], split: [] as string[], shadows: [] as string[] };
  const rewritten: Pick<NewRule, "id" | "body" | "conditions">[] = [];
  const parts = (id: string, old: RuleRow, next: DefaultRule, conditions: Condition[]) => {
    const changed = {
      conditions: !sameJson(old.conditions.map(conditionFromRow), conditions.map(conditionFromRow)),
      split: !sameJson(
        old.split.map((s) => [s.route.name, s.weightBp]),
        next.split.map((s) => [s.route, toBp(s.weight)]),
      ),
      shadows: !sameJson(
        old.shadows.map((s) => [s.route.name, s.percentBp, s.compare == null ? null : compareSpecSchema.parse(s.compare)]),
        next.shadows.map((s) => [s.route, toBp(s.percent), s.compare === undefined ? null : compareSpecSchema.parse(JSON.parse(JSON.stringify(s.compare)))]),
      ),
    };
    for (const part of ["conditions", "split", "shadows"] as const) if (changed[part]) rewrite[part].push(id);
    if (changed.conditions || changed.split || changed.shadows) rewritten.push({ id, body: next, conditions });
  };
  doc.rules.forEach((r, position) => {
    const audienceId = r.audience ? audiences.get(r.audience)!.id : null;
    const old = oldRules.get(r.name);
    if (!old) {
      const id = randomUUID();
      names.set(id, r.name);
      inserted.push({ id, position, body: r, conditions: r.conditions, audienceId });
      return;
    }
    if (old.position !== position || old.audienceId !== audienceId || old.strategy !== r.strategy || old.slots !== (r.slots ?? null)) {
      updates.push({ id: old.id, position, audienceId, strategy: r.strategy, slots: r.slots ?? null });
    }
    parts(old.id, old, r, r.conditions);
  });
  const oldDefault = row.rules.find((r) => r.isDefault);
  if (doc.defaultRule && oldDefault) {
    const d = doc.defaultRule;
    if (oldDefault.strategy !== d.strategy || oldDefault.slots !== (d.slots ?? null)) {
      updates.push({ id: oldDefault.id, position: null, audienceId: null, strategy: d.strategy, slots: d.slots ?? null });
    }
    parts(oldDefault.id, oldDefault, d, []);
  }

  if (removed.length) await tx.rule.deleteMany({ where: { id: { in: removed } } });
  if (updates.length) {
    // One statement for a reorder that moves hundreds of rules (positions are unique at commit).
    await tx.$executeRaw`
      UPDATE rules AS r SET position = v.position, "audienceId" = v."audienceId", strategy = v.strategy::"Strategy", slots = v.slots
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS v(id uuid, position int, "audienceId" uuid, strategy text, slots text)
      WHERE r.id = v.id AND r."routerId" = ${routerId}::uuid`;
  }
  if (rewrite.conditions.length) await tx.condition.deleteMany({ where: { ruleId: { in: rewrite.conditions } } });
  if (rewrite.split.length) await tx.splitEntry.deleteMany({ where: { ruleId: { in: rewrite.split } } });
  if (rewrite.shadows.length) await tx.shadow.deleteMany({ where: { ruleId: { in: rewrite.shadows } } });
  const only = (part: keyof typeof rewrite) => {
    const ids = new Set(rewrite[part]);
    return rewritten.filter((r) => ids.has(r.id));
  };
  await insertBodies(tx, routerId, only("conditions"), routeIds, { conditions: true, split: false, shadows: false });
  await insertBodies(tx, routerId, only("split"), routeIds, { conditions: false, split: true, shadows: false });
  await insertBodies(tx, routerId, only("shadows"), routeIds, { conditions: false, split: false, shadows: true });
  await insertRules(tx, routerId, inserted, routeIds, names);

  const keptRoutes = new Set(doc.routes.map((r) => r.name));
  for (const [position, r] of doc.routes.entries()) {
    const old = oldRoutes.get(r.name);
    if (old && (old.url !== r.url || old.timeoutMs !== r.timeoutMs || old.position !== position)) {
      await tx.route.update({ where: { id: old.id }, data: { url: r.url, timeoutMs: r.timeoutMs, position } });
    }
  }
  const gone = row.routes.filter((r) => !keptRoutes.has(r.name)).map((r) => r.id);
  if (gone.length) await tx.route.deleteMany({ where: { id: { in: gone } } });

  return storedDocument(doc, audiences);
}

import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { compareSpecSchema } from "@/lib/shadows/spec";
import type { Audience, Condition, DefaultRule, Rule, RouterDocument } from "@/lib/router/document";
import { usedAudiences } from "./edits";
import { positionsFor, spreadPositions } from "./positions";

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
  /** Renewed by the database whenever the revision changes (see draft-cache.ts). */
  draftStamp: string;
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
      'revision', r.revision, 'draftStamp', r."draftStamp", 'activeVersionId', r."activeVersionId",
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

/** A condition of the document (its own copy of the values: rows may be kept, see draft-cache.ts). */
export function conditionFromRow(c: Pick<ConditionRow, "source" | "key" | "operator" | "values">): Condition {
  return { source: c.source, key: c.key, operator: c.operator, values: [...(c.values as Condition["values"])] };
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
  return documentWithOrigins(row).document;
}

/**
 * The document of `row`, and for each of its rules the row it was built from: an edit that
 * keeps a rule object as it is keeps that row (`writeDraftChanges` compares nothing for it).
 */
export function documentWithOrigins(row: RouterRow): { document: RouterDocument; origins: Map<Rule, RuleRow> } {
  const origins = new Map<Rule, RuleRow>();
  const rules: Rule[] = row.rules
    .filter((r) => !r.isDefault)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((r) => {
      const body = ruleBodyFromRow(r);
      const rule: Rule = {
        name: r.name ?? "",
        ...(r.audience ? { audience: r.audience.name } : {}),
        conditions: r.conditions.map(conditionFromRow),
        strategy: body.strategy,
        split: body.split,
        shadows: body.shadows,
        ...(body.slots ? { slots: body.slots } : {}),
      };
      origins.set(rule, r);
      return rule;
    });
  const audiences = new Map<string, Audience>();
  for (const r of row.rules) {
    if (r.audience && !audiences.has(r.audience.name)) {
      audiences.set(r.audience.name, audienceOf({ ...r.audience, conditions: r.audience.conditions.map(conditionFromRow) }));
    }
  }
  const def = row.rules.find((r) => r.isDefault);
  const document: RouterDocument = {
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
  return { document, origins };
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

/**
 * Inserts the conditions, splits and shadows of `rules`: one statement per table, the rows
 * sent as one JSON value (statements as Prisma builds them cost a few milliseconds more each
 * on the path of a saved rule).
 */
async function insertBodies(
  tx: Tx,
  routerId: string,
  rules: Pick<NewRule, "id" | "body" | "conditions">[],
  routeIds: Map<string, string>,
  parts: { conditions: boolean; split: boolean; shadows: boolean },
): Promise<void> {
  const conditions = parts.conditions ? rules.flatMap((r) => r.conditions.map((c, position) => ({ ruleId: r.id, position, ...conditionData(c) }))) : [];
  if (conditions.length) {
    await tx.$executeRaw`
      INSERT INTO conditions (id, "ruleId", position, source, key, operator, "values")
      SELECT gen_random_uuid(), v."ruleId", v.position, v.source::"ConditionSource", v.key, v.operator::"ConditionOperator", v."values"
      FROM jsonb_to_recordset(${JSON.stringify(conditions)}::jsonb) AS v("ruleId" uuid, position int, source text, key text, operator text, "values" jsonb)`;
  }
  const split = parts.split ? rules.flatMap((r) => r.body.split.map((s, position) => ({ ruleId: r.id, routeId: routeIds.get(s.route)!, weightBp: toBp(s.weight), position }))) : [];
  if (split.length) {
    await tx.$executeRaw`
      INSERT INTO split_entries (id, "routerId", "ruleId", "routeId", "weightBp", position)
      SELECT gen_random_uuid(), ${routerId}::uuid, v."ruleId", v."routeId", v."weightBp", v.position
      FROM jsonb_to_recordset(${JSON.stringify(split)}::jsonb) AS v("ruleId" uuid, "routeId" uuid, "weightBp" int, position int)`;
  }
  const shadows = parts.shadows
    ? rules.flatMap((r) => r.body.shadows.map((s, position) => ({ ruleId: r.id, routeId: routeIds.get(s.route)!, percentBp: toBp(s.percent), position, ...(s.compare === undefined ? {} : { compare: s.compare }) })))
    : [];
  if (shadows.length) {
    // A shadow without `compare` leaves it out of its record: NULL (exact).
    await tx.$executeRaw`
      INSERT INTO shadows (id, "routerId", "ruleId", "routeId", "percentBp", position, compare)
      SELECT gen_random_uuid(), ${routerId}::uuid, v."ruleId", v."routeId", v."percentBp", v.position, v.compare
      FROM jsonb_to_recordset(${JSON.stringify(shadows)}::jsonb) AS v("ruleId" uuid, "routeId" uuid, "percentBp" int, position int, compare jsonb)`;
  }
}

/** Deletes the parts of rules `ids` that `writeDraftChanges` writes again. */
async function deleteParts(tx: Tx, part: "conditions" | "split" | "shadows", ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const list = JSON.stringify(ids);
  if (part === "conditions") await tx.$executeRaw`DELETE FROM conditions WHERE "ruleId" IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`;
  else if (part === "split") await tx.$executeRaw`DELETE FROM split_entries WHERE "ruleId" IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`;
  else await tx.$executeRaw`DELETE FROM shadows WHERE "ruleId" IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`;
}

/**
 * Writes the router row's settings from `doc` and bumps its revision; answers the draft stamp
 * the database renewed with it (see draft-cache.ts).
 */
export async function bumpDraft(tx: Tx, routerId: string, doc: RouterDocument): Promise<string> {
  const s = routerSettingsData(doc);
  const [row] = await tx.$queryRaw<{ draftStamp: string }[]>`
    UPDATE routers SET name = ${s.name}, description = ${s.description}, "keySources" = ${JSON.stringify(s.keySources)}::jsonb,
      "missingKey" = ${s.missingKey}::"MissingKey", strict = ${s.strict}, "allowPin" = ${s.allowPin}, seed = ${s.seed},
      "keepDisagreements" = ${s.keepDisagreements}, "recordPercentBp" = ${s.recordPercentBp}, "recordMaxPerSecond" = ${s.recordMaxPerSecond},
      "recordFields" = ${JSON.stringify(s.recordFields)}::jsonb, "recordKeys" = ${s.recordKeys}::"RecordKeys",
      revision = revision + 1, "updatedAt" = CURRENT_TIMESTAMP
    WHERE id = ${routerId}::uuid RETURNING "draftStamp"`;
  return row!.draftStamp;
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
  const positions = spreadPositions(doc.rules.length);
  const rules: NewRule[] = doc.rules.map((r, i) => {
    const id = randomUUID();
    names.set(id, r.name);
    return { id, position: positions[i]!, body: r, conditions: r.conditions, audienceId: r.audience ? audienceIds.get(r.audience)! : null };
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
 * caller holds the router's lock and has bumped its revision (to `next`). Returns the rows
 * as `loadDraftRow` would now read them (built from what was written, not read back).
 */
export async function writeDraftChanges(
  tx: Tx,
  projectId: string,
  row: RouterRow,
  doc: RouterDocument,
  next: Pick<RouterRow, "revision" | "draftStamp">,
  origins: ReadonlyMap<Rule, RuleRow> = new Map(),
): Promise<RouterRow> {
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
  const audienceRows = new Map<string, NonNullable<RuleRow["audience"]>>();
  const audienceRow = (name: string) => {
    let found = audienceRows.get(name);
    if (!found) {
      const a = audiences.get(name)!;
      found = { id: a.id, name: a.name, description: a.description, conditions: conditionRows(a.conditions) };
      audienceRows.set(name, found);
    }
    return found;
  };

  // Rules, matched by name; the default rule by its flag.
  const oldRules = new Map(row.rules.filter((r) => !r.isDefault).map((r) => [r.name!, r]));
  const keep = new Set(doc.rules.map((r) => r.name));
  const removed = row.rules.filter((r) => !r.isDefault && !keep.has(r.name!)).map((r) => r.id);
  const inserted: NewRule[] = [];
  const names = new Map<string, string | null>();
  const updates: { id: string; position: number | null; audienceId: string | null; strategy: string; slots: string | null }[] = [];
  const rewrite = { conditions: [] as string[], split: [] as string[], shadows: [] as string[] };
  const rewritten: Pick<NewRule, "id" | "body" | "conditions">[] = [];
  /**
   * The parts of a rule's rows it leaves behind: its old conditions, split and shadows where
   * they did not change. (Rows are built as literals, not spread: spreading an object into a
   * literal with more fields was a hundred times slower here, milliseconds at 500 rules.)
   */
  const partsOf = (old: RuleRow | undefined, body: DefaultRule, conditions: Condition[]): Pick<RuleRow, "conditions" | "split" | "shadows"> => {
    const changed = !old ? { conditions: true, split: true, shadows: true } : origins.get(body as Rule) === old ? UNCHANGED : changedParts(old, body, conditions);
    if (old) {
      for (const part of ["conditions", "split", "shadows"] as const) if (changed[part]) rewrite[part].push(old.id);
      if (changed.conditions || changed.split || changed.shadows) rewritten.push({ id: old.id, body, conditions });
    }
    return {
      conditions: old && !changed.conditions ? old.conditions : conditionRows(conditions),
      split: old && !changed.split ? old.split : body.split.map((s) => ({ weightBp: toBp(s.weight), route: { name: s.route } })),
      shadows:
        old && !changed.shadows
          ? old.shadows
          : body.shadows.map((s) => ({ percentBp: toBp(s.percent), compare: s.compare === undefined ? null : (JSON.parse(JSON.stringify(s.compare)) as unknown), route: { name: s.route } })),
    };
  };
  const positions = positionsFor(doc.rules.map((r) => oldRules.get(r.name)?.position ?? null));
  const ruleRows: RuleRow[] = doc.rules.map((r, i) => {
    const position = positions[i]!;
    const audienceId = r.audience ? audiences.get(r.audience)!.id : null;
    const old = oldRules.get(r.name);
    const id = old?.id ?? randomUUID();
    const slots = r.slots ?? null;
    if (!old) {
      names.set(id, r.name);
      inserted.push({ id, position, body: r, conditions: r.conditions, audienceId });
    } else if (old.position !== position || old.audienceId !== audienceId || old.strategy !== r.strategy || old.slots !== slots) {
      updates.push({ id: old.id, position, audienceId, strategy: r.strategy, slots });
    }
    const { conditions, split, shadows } = partsOf(old, r, r.conditions);
    const audience = r.audience ? audienceRow(r.audience) : null;
    return { id, name: r.name, position, isDefault: false, audienceId, strategy: r.strategy, slots, conditions, split, shadows, audience };
  });
  const oldDefault = row.rules.find((r) => r.isDefault);
  if (oldDefault) {
    const d = doc.defaultRule;
    if (d && (oldDefault.strategy !== d.strategy || oldDefault.slots !== (d.slots ?? null))) {
      updates.push({ id: oldDefault.id, position: null, audienceId: null, strategy: d.strategy, slots: d.slots ?? null });
    }
    if (d) {
      const { conditions, split, shadows } = partsOf(oldDefault, d, []);
      ruleRows.push({ id: oldDefault.id, name: null, position: null, isDefault: true, audienceId: null, strategy: d.strategy, slots: d.slots ?? null, conditions, split, shadows, audience: null });
    } else ruleRows.push(oldDefault);
  }


  if (removed.length) await tx.rule.deleteMany({ where: { id: { in: removed } } });
  if (updates.length) {
    // One statement however many rules move (numbering afresh moves them all); positions are unique at commit.
    await tx.$executeRaw`
      UPDATE rules AS r SET position = v.position, "audienceId" = v."audienceId", strategy = v.strategy::"Strategy", slots = v.slots
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS v(id uuid, position int, "audienceId" uuid, strategy text, slots text)
      WHERE r.id = v.id AND r."routerId" = ${routerId}::uuid`;
  }
  for (const part of ["conditions", "split", "shadows"] as const) await deleteParts(tx, part, rewrite[part]);
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

  const settings = routerSettingsData(doc);
  return {
    id: routerId,
    ...settings,
    keySources: JSON.parse(JSON.stringify(settings.keySources)) as unknown,
    recordFields: JSON.parse(JSON.stringify(settings.recordFields)) as unknown,
    revision: next.revision,
    draftStamp: next.draftStamp,
    activeVersionId: row.activeVersionId,
    routes: doc.routes.map((r, position) => ({ id: routeIds.get(r.name)!, name: r.name, url: r.url, timeoutMs: r.timeoutMs, position })),
    rules: ruleRows,
  };
}

const UNCHANGED = { conditions: false, split: false, shadows: false } as const;

/** Which of a kept rule's conditions, split and shadows differ from its rows. */
function changedParts(old: RuleRow, body: DefaultRule, conditions: Condition[]): Record<keyof typeof UNCHANGED, boolean> {
  return {
    conditions: !sameJson(old.conditions.map(conditionFromRow), conditions.map(conditionFromRow)),
    split: !sameJson(
      old.split.map((s) => [s.route.name, s.weightBp]),
      body.split.map((s) => [s.route, toBp(s.weight)]),
    ),
    shadows: !sameJson(
      old.shadows.map((s) => [s.route.name, s.percentBp, s.compare == null ? null : compareSpecSchema.parse(s.compare)]),
      body.shadows.map((s) => [s.route, toBp(s.percent), s.compare === undefined ? null : compareSpecSchema.parse(JSON.parse(JSON.stringify(s.compare)))]),
    ),
  };
}

function conditionRows(conditions: Condition[]): ConditionRow[] {
  return conditions.map((c) => ({ source: c.source, key: c.key, operator: c.operator, values: JSON.parse(JSON.stringify(c.values)) as unknown }));
}

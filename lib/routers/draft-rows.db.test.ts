import type { CompareSpec } from "@/lib/shadows/spec";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject } from "@/lib/projects/repo";
import type { Condition, DefaultRule, RouterDocument, RouterDocumentInput, Rule } from "@/lib/router/document";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { cachedDraftRow } from "./draft-cache";
import { createRouter, loadRouterDocument, mutateDraft } from "./document-repo";
import { documentFromRow, loadDraftRow } from "./draft-rows";

/**
 * The incremental draft write against the full rewrite: two projects hold the same router
 * and the same audiences; every random edit is written to one by `changes` (only the rows
 * that differ) and to the other by `rewrite` (every row deleted and inserted again). After
 * each edit both answer the same document, byte for byte, both store it (read back fresh),
 * both bump the revision and write the same audit row — or both refuse the edit with the
 * same error and change nothing. What the incremental write keeps for the router's next edit
 * (draft-cache.ts) is what its rows hold, ids and positions included.
 */

let db: TestDatabase;
let changes: string;
let rewrite: string;

beforeAll(async () => {
  db = await createTestDatabase();
  changes = (await createProject(db.prisma, { name: "changes" })).id;
  rewrite = (await createProject(db.prisma, { name: "rewrite" })).id;
  for (const projectId of [changes, rewrite]) {
    await db.prisma.audience.create({ data: { projectId, name: "vip", description: "paying", conditions: { create: [{ position: 0, source: "header", key: "x-vip", operator: "present", values: [] }] } } });
  }
});
afterAll(() => db.drop());

const ROUTES = ["stable", "canary", "shadow", "green"];
const NAMES = ["a", "b", "c", "d", "e", "f", "g", "h"];

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    source: fc.constantFrom("header" as const, "payload" as const, "query" as const),
    key: fc.constantFrom("x-tier", "user.country", "client"),
    operator: fc.constantFrom("in" as const, "prefix" as const, "suffix" as const, "contains" as const),
    values: fc.uniqueArray(fc.constantFrom("free", "pro", "eu", "us", "v1."), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ source: fc.constant("header" as const), key: fc.constant("x-beta"), operator: fc.constant("present" as const), values: fc.constant<Condition["values"]>([]) }),
  fc
    .tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 0.5, 0.25))
    .map(([min, span, frac]) => ({ source: "payload" as const, key: "user.age", operator: "range" as const, values: [min + frac, min + span + frac] })),
  fc.record({ source: fc.constant("header" as const), key: fc.constant("user-agent"), operator: fc.constant("regex" as const), values: fc.constant<Condition["values"]>(["Mozilla/.*"]) }),
);

/** Weights in 0.01 % steps; they need not sum to 100 (the analysis reports that, the store keeps it). */
const weightArb = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);
const splitArb = fc.uniqueArray(fc.record({ route: fc.constantFrom(...ROUTES.slice(0, 3)), weight: weightArb }), { minLength: 1, maxLength: 3, selector: (s) => s.route });
// A shadow's comparison is part of its row: changing only the comparison must be written too.
const compareArb = fc.constantFrom<(CompareSpec | undefined)[]>(
  undefined,
  { mode: "exact" },
  { mode: "json", ignore: ["id"] },
  { mode: "fields", fields: [{ path: "label" }, { path: "score", tolerance: { absolute: 0.01 } }] },
);
const shadowsArb = fc.uniqueArray(
  fc.record({ route: fc.constantFrom(...ROUTES.slice(0, 3)), percent: weightArb, compare: compareArb }).map(({ compare, ...s }) => (compare ? { ...s, compare } : s)),
  { maxLength: 2, selector: (s) => s.route },
);
const bodyArb: fc.Arbitrary<DefaultRule> = fc.record(
  { strategy: fc.constantFrom("random" as const, "sticky" as const), split: splitArb, shadows: shadowsArb, slots: fc.constantFrom("stable:10000", "stable:5000,canary:5000") },
  { requiredKeys: ["strategy", "split", "shadows"] },
);
const ruleArb = (name: string): fc.Arbitrary<Rule> =>
  fc
    .tuple(bodyArb, fc.array(conditionArb, { maxLength: 3 }), fc.constantFrom(undefined, "vip", "gold"))
    .map(([body, conditions, audience]) => ({ name, conditions, ...body, ...(audience ? { audience } : {}) }));

/** Only audiences that rules use are stored; `gold` is defined by the document itself (and created in the project). */
const GOLD = { name: "gold", conditions: [{ source: "query" as const, key: "plan", operator: "in" as const, values: ["gold"] }] };

const documentArb: fc.Arbitrary<RouterDocumentInput> = fc
  .tuple(
    fc.shuffledSubarray(NAMES, { maxLength: 6 }).chain((names) => fc.tuple(...names.map(ruleArb))),
    bodyArb,
    fc.record({ strict: fc.boolean(), allowPin: fc.boolean(), missingKey: fc.constantFrom("reject" as const, "random" as const), seed: fc.constantFrom(undefined, "s-1") }),
    fc.constantFrom(undefined, "", "main router"),
  )
  .map(([rules, defaultRule, settings, description]) => ({
    name: "r",
    ...(description !== undefined ? { description } : {}),
    settings: { ...settings, ...(settings.seed ? { seed: settings.seed } : { seed: undefined }) },
    routes: ROUTES.slice(0, 3).map((name, i) => ({ name, url: `http://127.0.0.1:${9001 + i}`, timeoutMs: 1000 + i })),
    audiences: [GOLD],
    rules,
    defaultRule,
  }));

type Edit = (doc: RouterDocument) => RouterDocumentInput;
const at = <T,>(list: T[], i: number) => list[i % Math.max(1, list.length)];
const withRule = (doc: RouterDocument, i: number, change: (r: Rule) => Rule): RouterDocument => {
  const target = at(doc.rules, i);
  return { ...doc, rules: doc.rules.map((r) => (r === target ? change(r) : r)) };
};
/** Drops a route from the document and from every split and shadow that names it (a split left empty goes to `stable`). */
const withoutRoute = (doc: RouterDocument, name: string): RouterDocument => {
  const body = <T extends DefaultRule>(b: T): T => {
    const split = b.split.filter((s) => s.route !== name);
    return { ...b, split: split.length ? split : [{ route: "stable", weight: 100 }], shadows: b.shadows.filter((s) => s.route !== name) };
  };
  return { ...doc, routes: doc.routes.filter((r) => r.name !== name), rules: doc.rules.map(body), defaultRule: doc.defaultRule && body(doc.defaultRule) };
};

const editArb: fc.Arbitrary<[string, Edit]> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat()).map(([from, to]): [string, Edit] => [
    `move ${from} → ${to}`,
    (doc) => {
      const rules = [...doc.rules];
      const [moved] = rules.splice(from % Math.max(1, rules.length), 1);
      if (moved) rules.splice(to % (rules.length + 1), 0, moved);
      return { ...doc, rules };
    },
  ]),
  fc.tuple(fc.nat(), splitArb).map(([i, split]): [string, Edit] => [`split of rule ${i}`, (doc) => withRule(doc, i, (r) => ({ ...r, split }))]),
  fc.tuple(fc.nat(), shadowsArb).map(([i, shadows]): [string, Edit] => [`shadows of rule ${i}`, (doc) => withRule(doc, i, (r) => ({ ...r, shadows }))]),
  fc.tuple(fc.nat(), fc.array(conditionArb, { maxLength: 3 })).map(([i, conditions]): [string, Edit] => [`conditions of rule ${i}`, (doc) => withRule(doc, i, (r) => ({ ...r, conditions }))]),
  fc.tuple(fc.nat(), bodyArb).map(([i, body]): [string, Edit] => [`strategy/slots of rule ${i}`, (doc) => withRule(doc, i, (r) => ({ ...r, strategy: body.strategy, slots: body.slots }))]),
  fc.tuple(fc.nat(), fc.constantFrom(undefined, "vip", "gold")).map(([i, audience]): [string, Edit] => [
    `audience ${audience} on rule ${i}`,
    (doc) => {
      const next = withRule(doc, i, (r) => ({ ...r, audience }));
      return { ...next, audiences: [...next.audiences.filter((a) => a.name !== "gold"), GOLD] };
    },
  ]),
  fc.tuple(fc.nat(), fc.constantFrom(...NAMES, "renamed")).map(([i, name]): [string, Edit] => [`rename rule ${i} to ${name} (may collide)`, (doc) => withRule(doc, i, (r) => ({ ...r, name }))]),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): [string, Edit] => [
    `swap the names of rules ${i} and ${j}`,
    (doc) => {
      const a = at(doc.rules, i);
      const b = at(doc.rules, j);
      if (!a || !b) return doc;
      return { ...doc, rules: doc.rules.map((r) => (r === a ? { ...r, name: b.name } : r === b ? { ...r, name: a.name } : r)) };
    },
  ]),
  fc.tuple(fc.nat(), fc.constantFrom(...NAMES, "added")).chain(([i, name]) =>
    ruleArb(name).map((rule): [string, Edit] => [`add rule ${name} at ${i}`, (doc) => ({ ...doc, audiences: [...doc.audiences.filter((a) => a.name !== "gold"), GOLD], rules: doc.rules.toSpliced(i % (doc.rules.length + 1), 0, rule) })]),
  ),
  fc.nat().map((i): [string, Edit] => [`remove rule ${i}`, (doc) => ({ ...doc, rules: doc.rules.filter((r) => r !== at(doc.rules, i)) })]),
  bodyArb.map((defaultRule): [string, Edit] => ["default rule", (doc) => ({ ...doc, defaultRule })]),
  fc.constantFrom("canary", "shadow", "green").map((name): [string, Edit] => [`remove route ${name}`, (doc) => withoutRoute(doc, name)]),
  fc.tuple(fc.constantFrom(...ROUTES), fc.integer({ min: 1, max: 600_000 })).map(([name, timeoutMs]): [string, Edit] => [
    `add or edit route ${name}`,
    (doc) => {
      const route = { name, url: `https://models.internal/${name}/${timeoutMs}`, timeoutMs };
      return { ...doc, routes: doc.routes.some((r) => r.name === name) ? doc.routes.map((r) => (r.name === name ? route : r)) : [...doc.routes, route] };
    },
  ]),
  fc.nat().map((i): [string, Edit] => [`rotate routes by ${i}`, (doc) => ({ ...doc, routes: [...doc.routes.slice(i % doc.routes.length), ...doc.routes.slice(0, i % doc.routes.length)] })]),
  fc.tuple(fc.constantFrom(undefined, "", "edited"), fc.boolean(), fc.constantFrom(undefined, "s-2")).map(([description, strict, seed]): [string, Edit] => [
    "settings",
    (doc) => ({ ...doc, description, settings: { ...doc.settings, strict, seed, keepDisagreements: strict ? 5 : 0 } }),
  ]),
  documentArb.map((next): [string, Edit] => ["replace the whole document", () => next]),
);

type Outcome = { ok: true; document: RouterDocument; revision: number } | { ok: false; error: string };

async function write(projectId: string, mode: "changes" | "rewrite", name: string, edit: Edit): Promise<Outcome> {
  try {
    const saved = await mutateDraft(db.prisma, projectId, name, { actor: "test", action: "router.config.replace", targetType: "router", targetName: name, write: mode }, edit);
    return { ok: true, document: saved.document, revision: saved.revision };
  } catch (error) {
    const e = error as { constructor: { name: string }; message?: string; code?: string };
    return { ok: false, error: `${e.constructor.name} ${e.code ?? ""} ${e.message ?? ""}` };
  }
}

const lastEvent = async (projectId: string) => {
  const e = await db.prisma.auditEvent.findFirst({ where: { projectId }, orderBy: { id: "desc" } });
  return e && { action: e.action, targetName: e.targetName, before: e.before, after: e.after };
};

let routers = 0;

describe("incremental draft writes", () => {
  it("store exactly what a full rewrite stores, over random edits", async () => {
    await fc.assert(
      fc.asyncProperty(documentArb, fc.array(editArb, { minLength: 1, maxLength: 6 }), async (initial, edits) => {
        const name = `r${routers++}`;
        for (const projectId of [changes, rewrite]) await createRouter(db.prisma, projectId, { ...initial, name }, "test");
        for (const [, edit] of edits) {
          const named: Edit = (doc) => ({ ...edit(doc), name });
          const a = await write(changes, "changes", name, named);
          const b = await write(rewrite, "rewrite", name, named);
          expect(a.ok).toBe(b.ok);
          if (!a.ok || !b.ok) {
            expect(a).toEqual(b);
            continue;
          }
          expect(JSON.stringify(a.document)).toBe(JSON.stringify(b.document));
          expect(a.revision).toBe(b.revision);
          const stored = (await loadDraftRow(db.prisma, changes, name))!;
          expect(JSON.stringify(documentFromRow(stored))).toBe(JSON.stringify(a.document));
          expect(stored.revision).toBe(a.revision);
          expect(cachedDraftRow(stored.id, stored.draftStamp)).toEqual(stored);
          expect(await lastEvent(changes)).toEqual(await lastEvent(rewrite));
        }
        // Whatever failed changed nothing: the two drafts are still the same.
        const [x, y] = await Promise.all([loadRouterDocument(db.prisma, changes, name), loadRouterDocument(db.prisma, rewrite, name)]);
        expect(JSON.stringify(x.document)).toBe(JSON.stringify(y.document));
        expect(x.revision).toBe(y.revision);
      }),
      { numRuns: 25 },
    );
  }, 600_000);
});

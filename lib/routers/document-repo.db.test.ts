import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ROUTERS } from "@/lib/demo/documents";
import { translateDbError } from "@/lib/db/translate-error";
import { DomainError, DuplicateError, InUseError, InvariantError, StaleRevisionError } from "@/lib/errors";
import { createProject } from "@/lib/projects/repo";
import { routerDocumentSchema, type RouterDocumentInput } from "@/lib/router/document";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { loadRouterDocument, saveRouterDocument } from "./document-repo";

let db: TestDatabase;
let projectId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  projectId = (await createProject(db.prisma, { name: "acme" })).id;
});
afterAll(() => db.drop());

const demoDocuments: RouterDocumentInput[] = DEMO_ROUTERS.flatMap((r) => [...r.history, ...(r.draft ? [r.draft] : [])]);

describe("router documents in the database", () => {
  it.each(demoDocuments.map((d, i) => [`${d.name} #${i}`, d] as const))("%s survives a round trip unchanged", async (_label, input) => {
    const saved = await saveRouterDocument(db.prisma, projectId, input);
    const loaded = await loadRouterDocument(db.prisma, projectId, input.name);
    const expected = routerDocumentSchema.parse(input);
    expect(loaded.document).toEqual(expected);
    expect(saved.document).toEqual(expected);
  });

  it("keeps decimal weights, slot tables, audiences and rule order exactly", async () => {
    const input: RouterDocumentInput = {
      name: "precise",
      settings: { keySources: [{ source: "query", key: "user" }], missingKey: "random", strict: true, allowPin: true, seed: "s-1" },
      routes: [
        { name: "a", url: "http://127.0.0.1:9001", timeoutMs: 150 },
        { name: "b", url: "https://models.internal/b", timeoutMs: 2000 },
      ],
      audiences: [{ name: "gold", conditions: [{ source: "header", key: "x-tier", operator: "prefix", values: ["gold"] }] }],
      rules: [
        { name: "z-first", audience: "gold", conditions: [], strategy: "sticky", split: [{ route: "b", weight: 33.33 }, { route: "a", weight: 66.67 }], shadows: [{ route: "a", percent: 0.01 }], slots: "b:3333,a:6667" },
        { name: "a-second", conditions: [{ source: "payload", key: "session.[0].id", operator: "regex", values: ["u-[0-9]+"] }], strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [] },
      ],
      defaultRule: { strategy: "random", split: [{ route: "a", weight: 99.99 }, { route: "b", weight: 0.01 }], shadows: [] },
    };
    await saveRouterDocument(db.prisma, projectId, input);
    expect((await loadRouterDocument(db.prisma, projectId, "precise")).document).toEqual(routerDocumentSchema.parse(input));
  });

  it("keeps each shadow's comparison and the number of disagreements to keep, key order and all", async () => {
    const fields = {
      fields: [{ tolerance: { relative: 0.05, absolute: 0.01 }, path: "predictions.0.score" }, { topK: 3, path: "top", by: "label" }, { path: "predictions.0.label" }],
      mode: "fields",
    };
    const input = routerDocumentSchema.parse({
      name: "compared",
      settings: { keepDisagreements: 25 },
      routes: [
        { name: "a", url: "http://127.0.0.1:9001" },
        { name: "b", url: "http://127.0.0.1:9002" },
        { name: "c", url: "http://127.0.0.1:9003" },
      ],
      rules: [{ name: "r", conditions: [], strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [{ route: "b", percent: 5, compare: fields }, { route: "c", percent: 1 }] }],
      defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [{ route: "b", percent: 10, compare: { ignore: ["id", "meta.*"], mode: "json" } }, { route: "c", percent: 2, compare: { mode: "exact" } }] },
    });
    const saved = await saveRouterDocument(db.prisma, projectId, input);
    const loaded = await loadRouterDocument(db.prisma, projectId, "compared");
    expect(loaded.document).toEqual(input);
    expect(saved.document).toEqual(input);
    // Same key order as the schema gives, so that drafts and versions compare equal as JSON.
    expect(JSON.stringify(loaded.document)).toBe(JSON.stringify(input));
    expect(loaded.document.settings.keepDisagreements).toBe(25);
    expect(loaded.document.rules[0]!.shadows[1]).toEqual({ route: "c", percent: 1 });
    // The database refuses what no schema would write.
    await expect(db.prisma.$executeRawUnsafe(`UPDATE shadows SET compare = '{"mode":"fuzzy"}'::jsonb`)).rejects.toThrow(/shadows_compare_mode/);
    await expect(db.prisma.$executeRawUnsafe(`UPDATE routers SET "keepDisagreements" = 501`)).rejects.toThrow(/routers_keep_disagreements_range/);
  });

  it("replaces the draft atomically and refuses a stale revision without changing anything", async () => {
    const base = demoDocuments[0]!;
    const first = await saveRouterDocument(db.prisma, projectId, { ...base, name: "concurrent" });
    const second = await saveRouterDocument(db.prisma, projectId, { ...base, name: "concurrent", description: "edited" }, { expectedRevision: first.revision });
    expect(second.revision).toBe(first.revision + 1);
    await expect(
      saveRouterDocument(db.prisma, projectId, { ...base, name: "concurrent", description: "lost update" }, { expectedRevision: first.revision }),
    ).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await loadRouterDocument(db.prisma, projectId, "concurrent")).document.description).toBe("edited");
  });

  it("refuses a document naming undefined routes, with the field path, and stores nothing", async () => {
    const bad: RouterDocumentInput = { name: "broken", routes: [], rules: [], defaultRule: { strategy: "random", split: [{ route: "ghost", weight: 100 }], shadows: [] } };
    const error = await saveRouterDocument(db.prisma, projectId, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toEqual({ issues: [{ path: "defaultRule.split.0.route", message: "route 'ghost' is not defined in routes" }] });
    expect(await db.prisma.router.count({ where: { name: "broken" } })).toBe(0);
  });

  it("refuses to change a shared audience through one router's document", async () => {
    const doc = (conditionValue: string, name: string): RouterDocumentInput => ({
      name,
      routes: [{ name: "a", url: "http://127.0.0.1:9001" }],
      audiences: [{ name: "vip", conditions: [{ source: "header", key: "x-vip", operator: "in", values: [conditionValue] }] }],
      rules: [{ name: "vips", audience: "vip", conditions: [], strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [] }],
      defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [] },
    });
    await saveRouterDocument(db.prisma, projectId, doc("yes", "uses-vip"));
    await expect(saveRouterDocument(db.prisma, projectId, doc("no", "other-vip"))).rejects.toMatchObject({ code: "audience_conflict", status: 409 });
    await saveRouterDocument(db.prisma, projectId, doc("yes", "reuses-vip"));
    expect(await db.prisma.audience.count({ where: { projectId, name: "vip" } })).toBe(1);
  });
});

describe("database invariants come back as typed errors", () => {
  async function routerWithRule() {
    const doc = demoDocuments[0]!;
    const loaded = await saveRouterDocument(db.prisma, projectId, { ...doc, name: `inv-${Math.random().toString(36).slice(2, 8)}` });
    return loaded;
  }
  const typed = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => translateDbError(e, "route"));

  it("a duplicate router name is a DuplicateError", async () => {
    const { document } = await routerWithRule();
    const error = await typed(db.prisma.router.create({ data: { projectId, name: document.name, keySources: [] } }));
    expect(error).toBeInstanceOf(DuplicateError);
  });

  it("deleting a route still used by a split is an InUseError and deletes nothing", async () => {
    const { id } = await routerWithRule();
    const route = await db.prisma.route.findFirstOrThrow({ where: { routerId: id } });
    const error = await typed(db.prisma.route.delete({ where: { id: route.id } }));
    expect(error).toBeInstanceOf(InUseError);
    expect(await db.prisma.route.count({ where: { id: route.id } })).toBe(1);
  });

  it("deleting an audience still used by a rule is an InUseError", async () => {
    const audience = await db.prisma.audience.findFirstOrThrow({ where: { projectId, name: "vip" } });
    expect(await typed(db.prisma.audience.delete({ where: { id: audience.id } }))).toBeInstanceOf(InUseError);
  });

  it("a second default rule is an InvariantError", async () => {
    const { id } = await routerWithRule();
    const error = await typed(db.prisma.rule.create({ data: { routerId: id, isDefault: true, strategy: "random" } }));
    expect(error).toBeInstanceOf(InvariantError);
    expect(await db.prisma.rule.count({ where: { routerId: id, isDefault: true } })).toBe(1);
  });

  it("removing the default rule is an InvariantError", async () => {
    const { id } = await routerWithRule();
    const error = await typed(db.prisma.rule.deleteMany({ where: { routerId: id, isDefault: true } }));
    expect(error).toBeInstanceOf(InvariantError);
  });

  it("a version cannot be edited once frozen", async () => {
    const { id } = await routerWithRule();
    const version = await db.prisma.version.create({ data: { routerId: id, number: 1, document: {}, author: "t" } });
    const error = await typed(db.prisma.version.update({ where: { id: version.id }, data: { message: "rewritten" } }));
    expect(error).toBeInstanceOf(InvariantError);
  });

  it("two rules cannot share a position once the transaction commits", async () => {
    const { id } = await routerWithRule();
    await db.prisma.rule.create({ data: { routerId: id, name: "r1", position: 0 } });
    const error = await typed(db.prisma.rule.create({ data: { routerId: id, name: "r2", position: 0 } }));
    expect(error).toBeInstanceOf(DuplicateError);
  });
});

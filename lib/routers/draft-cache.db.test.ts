import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updateAudience } from "@/lib/audiences/repo";
import { createProject } from "@/lib/projects/repo";
import type { RouterDocument, RouterDocumentInput, Rule } from "@/lib/router/document";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { deployRouter } from "@/lib/versions/repo";
import { cachedDraftRow } from "./draft-cache";
import { createRouter, loadRouterDocument, mutateDraft } from "./document-repo";
import { resetDraft } from "./draft-reset";
import { documentFromRow, loadDraftRow } from "./draft-rows";
import { updateRule } from "./edits";

/**
 * The drafts a process keeps (draft-cache.ts) are never served once the draft changed, however
 * it changed: an audience edit, a reset, a deploy, a write by another process straight in the
 * database, a write that rolled back, or many of these at once. Every read is compared with
 * the rows themselves.
 */

let db: TestDatabase;
let projectId: string;
let other: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  projectId = (await createProject(db.prisma, { name: "acme" })).id;
  await db.prisma.audience.create({ data: { projectId, name: "vip", conditions: { create: [{ position: 0, source: "header", key: "x-vip", operator: "present", values: [] }] } } });
  // Another process: its own connection, none of this process's kept drafts.
  other = new pg.Client({ connectionString: db.url });
  await other.connect();
});
afterAll(async () => {
  await other.end();
  await db.drop();
});

const RULES = ["a", "b", "c", "d", "e", "f"];
const documentOf = (name: string): RouterDocumentInput => ({
  name,
  routes: [
    { name: "stable", url: "http://127.0.0.1:9001" },
    { name: "canary", url: "http://127.0.0.1:9002" },
  ],
  rules: RULES.map((rule, i) => ({
    name: rule,
    ...(i === 0 ? { audience: "vip" } : {}),
    conditions: [{ source: "header", key: "x-tier", operator: "in", values: [rule] }],
    strategy: "random",
    split: [
      { route: "stable", weight: 90 },
      { route: "canary", weight: 10 },
    ],
  })),
  defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }] },
});

let router = "";
let routerId = "";
let n = 0;
beforeEach(async () => {
  router = `r${n++}`;
  routerId = (await createRouter(db.prisma, projectId, documentOf(router), "test")).id;
});

const change = { actor: "test", action: "rule.update", targetType: "rule", targetName: "a" };
const withSplit = (doc: RouterDocument, rule: string, canary: number) => {
  const current = doc.rules.find((r) => r.name === rule)!;
  return updateRule(doc, rule, { ...current, split: [{ route: "stable", weight: 100 - canary }, { route: "canary", weight: canary }] } as Rule);
};
const canaryOf = (doc: RouterDocument, rule: string) => doc.rules.find((r) => r.name === rule)!.split.find((s) => s.route === "canary")?.weight;
/** The draft straight from its rows, kept by nobody. */
const fromRows = async () => {
  const row = (await loadDraftRow(db.prisma, projectId, router))!;
  return { revision: row.revision, activeVersionId: row.activeVersionId, document: documentFromRow(row) };
};
/** An edit that leaves the written draft kept, as the console's edits do. */
const warm = async () => {
  const saved = await mutateDraft(db.prisma, projectId, router, change, (doc) => withSplit(doc, "f", 11));
  const row = (await loadDraftRow(db.prisma, projectId, router))!;
  expect(cachedDraftRow(routerId, row.draftStamp)).not.toBeNull();
  return saved;
};
const expectFresh = async () => {
  const [loaded, rows] = await Promise.all([loadRouterDocument(db.prisma, projectId, router), fromRows()]);
  expect(JSON.stringify(loaded.document)).toBe(JSON.stringify(rows.document));
  expect(loaded.revision).toBe(rows.revision);
  expect(loaded.activeVersionId).toBe(rows.activeVersionId);
  return loaded;
};

describe("kept drafts", () => {
  it("an edit keeps exactly what it wrote: the next read and edit find it without reading the rows", async () => {
    await warm();
    const row = (await loadDraftRow(db.prisma, projectId, router))!;
    expect(cachedDraftRow(routerId, row.draftStamp)).toEqual(row);
    await expectFresh();
  });

  it("an audience edit renews the stamp: reads and edits see its new conditions", async () => {
    await warm();
    await updateAudience(db.prisma, projectId, "vip", { conditions: [{ source: "header", key: "x-vip", operator: "in", values: ["yes"] }] }, { actor: "test" });
    const loaded = await expectFresh();
    expect(loaded.document.audiences.find((a) => a.name === "vip")!.conditions[0]!.values).toEqual(["yes"]);
    let seen: RouterDocument | undefined;
    const saved = await mutateDraft(db.prisma, projectId, router, change, (doc) => ((seen = doc), withSplit(doc, "b", 7)));
    expect(seen!.audiences.find((a) => a.name === "vip")!.conditions[0]!.values).toEqual(["yes"]);
    expect(JSON.stringify(saved.document)).toBe(JSON.stringify((await fromRows()).document));
    await updateAudience(db.prisma, projectId, "vip", { conditions: [{ source: "header", key: "x-vip", operator: "present", values: [] }] }, { actor: "test" });
  });

  it("a deploy and a reset of the draft are seen at once", async () => {
    await warm();
    const deployed = await deployRouter(db.prisma, projectId, router, { message: "v1", author: "test" });
    expect((await expectFresh()).activeVersionId).toBe(deployed.versionId);
    await warm();
    await mutateDraft(db.prisma, projectId, router, change, (doc) => withSplit(doc, "c", 42));
    expect(canaryOf((await expectFresh()).document, "c")).toBe(42);
    const reset = await resetDraft({ db: db.prisma, projectId, router, actor: "test" }, {});
    expect(reset.applied).toBe(true);
    expect(canaryOf((await expectFresh()).document, "c")).toBe(10);
  });

  it("a write by another process straight in the database is seen by the next read and edit", async () => {
    await warm();
    await other.query(
      `UPDATE split_entries SET "weightBp" = 2500 FROM rules, routes
        WHERE split_entries."ruleId" = rules.id AND rules."routerId" = $1 AND rules.name = 'd' AND routes.id = split_entries."routeId" AND routes.name = 'canary'`,
      [routerId],
    );
    await other.query(`UPDATE split_entries SET "weightBp" = 7500 FROM rules, routes
        WHERE split_entries."ruleId" = rules.id AND rules."routerId" = $1 AND rules.name = 'd' AND routes.id = split_entries."routeId" AND routes.name = 'stable'`, [routerId]);
    await other.query(`UPDATE routers SET revision = revision + 1 WHERE id = $1`, [routerId]);
    expect(canaryOf((await expectFresh()).document, "d")).toBe(25);
    const saved = await mutateDraft(db.prisma, projectId, router, change, (doc) => withSplit(doc, "e", 3));
    expect(canaryOf(saved.document, "d")).toBe(25);
    expect(JSON.stringify(saved.document)).toBe(JSON.stringify((await fromRows()).document));
  });

  it("a write that rolls back keeps nothing: the draft before it is served, then the next write's", async () => {
    const before = await warm();
    await db.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_test_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'test.refused' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE OR REPLACE TRIGGER refuse_test_event BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_test_event()`);
    await expect(mutateDraft(db.prisma, projectId, router, { ...change, action: "test.refused" }, (doc) => withSplit(doc, "a", 50))).rejects.toThrow();
    const after = await expectFresh();
    expect(after.revision).toBe(before.revision);
    expect(canaryOf(after.document, "a")).toBe(10);
    const saved = await mutateDraft(db.prisma, projectId, router, change, (doc) => withSplit(doc, "a", 60));
    expect(saved.revision).toBe(before.revision + 1);
    expect(canaryOf((await expectFresh()).document, "a")).toBe(60);
  });

  it("races: edits, audience edits, another process's writes and reads at once; every read is one state of the rows", async () => {
    await warm();
    const reads: { revision: number; json: string }[] = [];
    const answers = new Map<number, string>();
    const read = async () => {
      const loaded = await loadRouterDocument(db.prisma, projectId, router);
      reads.push({ revision: loaded.revision, json: JSON.stringify(loaded.document) });
    };
    const edit = async (i: number) => {
      const rule = RULES[i % RULES.length]!;
      const saved = await mutateDraft(db.prisma, projectId, router, change, (doc) => withSplit(doc, rule, i + 1));
      answers.set(saved.revision, JSON.stringify(saved.document));
    };
    const outside = async (i: number) => {
      // As another process writes: in one transaction, lock the router, change a row, bump the revision.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query("BEGIN");
        await client.query(`SELECT pg_advisory_xact_lock_shared(727302, hashtext($1))`, [projectId]);
        await client.query(`SELECT 1 FROM routers WHERE id = $1 FOR UPDATE`, [routerId]);
        await client.query(`UPDATE rules SET strategy = $2::"Strategy" WHERE "routerId" = $1 AND name = 'b'`, [routerId, i % 2 ? "sticky" : "random"]);
        await client.query(`UPDATE routers SET revision = revision + 1 WHERE id = $1`, [routerId]);
        await client.query("COMMIT");
      } finally {
        await client.end();
      }
    };
    const audience = (i: number) =>
      updateAudience(db.prisma, projectId, "vip", { conditions: [{ source: "header", key: "x-vip", operator: "in", values: [`v${i}`] }] }, { actor: "test" });
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(edit(i), read());
      if (i % 5 === 0) work.push(outside(i), audience(i), read());
    }
    await Promise.all(work);
    await read();

    // Reads of one revision agree with each other and with the write that made it.
    const byRevision = new Map<number, string>();
    for (const r of reads) {
      const seen = byRevision.get(r.revision) ?? answers.get(r.revision);
      if (seen !== undefined) expect(r.json).toBe(seen);
      byRevision.set(r.revision, r.json);
    }
    const last = await expectFresh();
    expect(last.revision).toBe(1 + 1 + 40 + 8 + 8);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAdmin } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { DEMO_PROJECT, DEMO_ROUTERS } from "./documents";
import { seedDemoOnce } from "./seed";

/** A first start run by several consoles at once on one empty database: one administrator, one demo project. */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("first start, several consoles at once", () => {
  it("creates one administrator", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => ensureAdmin(db.prisma, { email: "root@example.com", password: "password-123" })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.prisma.user.count()).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { action: "user.create" } })).toBe(1);
    expect(await ensureAdmin(db.prisma, {})).toEqual({ created: false });
  });

  it("loads the demo project once", async () => {
    const owner = await db.prisma.user.findFirstOrThrow();
    const results = await Promise.all([1, 2].map(() => seedDemoOnce(db.prisma, { email: owner.email, userId: owner.id })));
    expect(results.sort()).toEqual([false, true]);
    const project = await db.prisma.project.findUniqueOrThrow({ where: { name: DEMO_PROJECT.name }, include: { routers: true, members: true } });
    expect(project.routers).toHaveLength(DEMO_ROUTERS.length);
    expect(project.members.map((m) => [m.userId, m.role])).toEqual([[owner.id, "owner"]]);
    // A restart, or a start after the demo was deleted, does not load it again.
    await db.prisma.project.delete({ where: { id: project.id } });
    expect(await seedDemoOnce(db.prisma, { email: owner.email, userId: owner.id })).toBe(false);
    expect(await db.prisma.project.count()).toBe(0);
  }, 180_000);
});

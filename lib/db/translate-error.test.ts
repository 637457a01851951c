import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DuplicateError } from "@/lib/errors";
import { SERVER_ASSIGNED_UNIQUE_CONSTRAINTS, translateDbError, WORDED_UNIQUE_CONSTRAINTS } from "./translate-error";

const migrations = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Unique indexes and constraints the migrations leave in place (primary keys aside: the server generates ids). */
function uniqueConstraints(): string[] {
  const live = new Set<string>();
  for (const dir of readdirSync(migrations, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const sql = readFileSync(path.join(migrations, dir, "migration.sql"), "utf8");
    for (const m of sql.matchAll(/CREATE UNIQUE INDEX "([^"]+)"|CONSTRAINT "([^"]+)" UNIQUE|DROP INDEX "([^"]+)"/g)) {
      if (m[3]) live.delete(m[3]);
      else live.add((m[1] ?? m[2])!);
    }
  }
  return [...live].sort();
}

/** A unique violation as Prisma's PostgreSQL adapter reports it. */
const violation = (index: string) => ({
  code: "P2002",
  message: "Unique constraint failed on the constraint: `" + index + "`",
  meta: { modelName: "X", driverAdapterError: { cause: { originalCode: "23505", kind: "UniqueConstraintViolation", constraint: { index } } } },
});

describe("unique constraint violations", () => {
  it("every unique constraint in the migrations is worded for users, or one no request can reach", () => {
    const known = new Set([...WORDED_UNIQUE_CONSTRAINTS, ...SERVER_ASSIGNED_UNIQUE_CONSTRAINTS]);
    expect(uniqueConstraints().filter((c) => !known.has(c))).toEqual([]);
  });

  it.each(WORDED_UNIQUE_CONSTRAINTS)("%s names the resource and its name, never the constraint", (index) => {
    const error = translateDbError(violation(index), { what: "thing", name: "web", project: "shop", router: "edge" });
    expect(error).toBeInstanceOf(DuplicateError);
    const message = (error as DuplicateError).message;
    expect(message).not.toMatch(/_key|_pkey|constraint|index/);
    if ((error as DuplicateError).details?.target) expect(message).toContain("'web'");
  });

  it("a constraint it does not know still says what conflicts, not which constraint", () => {
    const error = translateDbError(violation("widgets_colour_key"), "widget") as DuplicateError;
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error.message).toBe("this widget conflicts with one that already exists");
  });

  it("without the names, the wording stays a sentence", () => {
    expect((translateDbError(violation("routers_projectId_name_key"), "router") as DuplicateError).message).toBe("a router with this name already exists in this project");
    expect((translateDbError(violation("users_email_key"), "user") as DuplicateError).message).toBe("a user with this email already exists");
  });
});

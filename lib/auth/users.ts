import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Db, Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { lockAdministrators, lockProjects } from "@/lib/db/locks";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError } from "@/lib/errors";
import type { UserView } from "./schema";

export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

type NewUser = { email: string; name?: string; password: string; role?: "admin" | "user"; actor: string };

/** Creates a user with an email/password credential (hashed by better-auth) in one transaction. */
export async function createUser(db: Db, input: NewUser): Promise<UserView & { id: string }> {
  const password = await hashPassword(input.password);
  return withDbErrors({ what: "user", name: input.email.trim().toLowerCase() }, () => db.$transaction((tx) => insertUser(tx, { ...input, password })));
}

async function insertUser(tx: Tx, input: NewUser): Promise<UserView & { id: string }> {
  const id = randomUUID();
  const email = input.email.trim().toLowerCase();
  const user = await tx.user.create({
    data: { id, email, name: input.name ?? email.split("@")[0]!, role: input.role ?? "user", emailVerified: true },
  });
  await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: input.password } });
  await recordAudit(tx, { projectId: null, actor: input.actor, action: "user.create", targetType: "user", targetName: email, after: { email, role: user.role } });
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString(), projects: 0 };
}

/**
 * First start: with no user at all, creates the administrator from TURNOUT_ADMIN_EMAIL /
 * TURNOUT_ADMIN_PASSWORD, or with a generated password that the caller prints once. Two
 * consoles starting at once on one database create one administrator: the check and the
 * insert happen under the administrators' lock.
 */
export async function ensureAdmin(
  db: Db,
  env: { email?: string; password?: string },
): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string; userId: string }> {
  if ((await db.user.count()) > 0) return { created: false };
  const email = env.email?.trim() || "admin@turnout.local";
  const generatedPassword = env.password ? undefined : generatePassword();
  const password = await hashPassword(env.password ?? generatedPassword!);
  return db.$transaction(async (tx) => {
    await lockAdministrators(tx);
    if ((await tx.user.count()) > 0) return { created: false as const };
    const user = await insertUser(tx, { email, name: "Administrator", password, role: "admin", actor: "system" });
    return { created: true as const, email: user.email, userId: user.id, ...(generatedPassword ? { generatedPassword } : {}) };
  });
}

export type { UserView } from "./schema";

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: { email: "asc" }, include: { _count: { select: { memberships: true } } } });
  return rows.map((u) => ({ email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.toISOString(), projects: u._count.memberships }));
}

const lastAdmin = () => new DomainError("Turnout keeps at least one administrator", 409, "last_admin");

/**
 * Changes a user's global role; the last administrator cannot be demoted. The count and the
 * change happen under one lock, so two administrators demoting each other at once leave one.
 */
export async function setUserRole(db: Db, input: { email: string; role: "admin" | "user"; actor: string }): Promise<UserView> {
  return db.$transaction(async (tx) => {
    await lockAdministrators(tx);
    const user = await tx.user.findUnique({ where: { email: input.email } });
    if (!user) throw new NotFoundError("user", input.email);
    if (user.role === "admin" && input.role !== "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) throw lastAdmin();
    const updated = await tx.user.update({ where: { id: user.id }, data: { role: input.role }, include: { _count: { select: { memberships: true } } } });
    await recordAudit(tx, { projectId: null, actor: input.actor, action: "user.update", targetType: "user", targetName: user.email, before: { role: user.role }, after: { role: updated.role } });
    return { email: updated.email, name: updated.name, role: updated.role, createdAt: updated.createdAt.toISOString(), projects: updated._count.memberships };
  });
}

/**
 * Deletes a user, refused (409) for the last administrator and for the last owner of a
 * project (make someone else owner first: a project without an owner has nobody to manage
 * its members and tokens). Under lock: the administrators, the user's row (no project can
 * add them meanwhile) and every project they belong to (no role there changes meanwhile).
 */
export async function deleteUser(db: Db, input: { email: string; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockAdministrators(tx);
    const [user] = await tx.$queryRaw<{ id: string; email: string; role: "admin" | "user" }[]>`
      SELECT id, email, role::text AS role FROM users WHERE email = ${input.email} FOR UPDATE`;
    if (!user) throw new NotFoundError("user", input.email);
    if (user.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) <= 1) throw lastAdmin();
    const memberships = await tx.membership.findMany({ where: { userId: user.id }, select: { projectId: true } });
    await lockProjects(tx, memberships.map((m) => m.projectId));
    const owned = await tx.membership.findMany({ where: { userId: user.id, role: "owner" }, select: { projectId: true, project: { select: { name: true } } } });
    const lastOwnerOf: string[] = [];
    for (const m of owned) {
      if ((await tx.membership.count({ where: { projectId: m.projectId, role: "owner" } })) <= 1) lastOwnerOf.push(m.project.name);
    }
    if (lastOwnerOf.length > 0) {
      const names = lastOwnerOf.sort().map((n) => `'${n}'`).join(", ");
      throw new DomainError(`${user.email} is the last owner of ${lastOwnerOf.length === 1 ? "project" : "projects"} ${names}; make someone else owner first`, 409, "last_owner", { projects: lastOwnerOf });
    }
    await tx.user.delete({ where: { id: user.id } });
    await recordAudit(tx, { projectId: null, actor: input.actor, action: "user.delete", targetType: "user", targetName: user.email, before: { role: user.role } });
  });
}

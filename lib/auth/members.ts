import type { Db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { lockProjects } from "@/lib/db/locks";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError } from "@/lib/errors";
import type { ProjectRole } from "./roles";

export type MemberView = { email: string; name: string; role: ProjectRole; since: Date };

export async function listMembers(db: Db, projectId: string): Promise<MemberView[]> {
  const rows = await db.membership.findMany({ where: { projectId }, include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map((m) => ({ email: m.user.email, name: m.user.name, role: m.role, since: m.createdAt }));
}

async function userByEmail(db: Pick<Db, "user">, email: string) {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new NotFoundError("user", email);
  return user;
}

export async function addMember(db: Db, input: { projectId: string; email: string; role: ProjectRole; actor: string }): Promise<MemberView> {
  return withDbErrors({ what: "member", name: input.email, projectId: input.projectId, db }, () =>
    db.$transaction(async (tx) => {
      const user = await userByEmail(tx, input.email);
      const m = await tx.membership.create({ data: { userId: user.id, projectId: input.projectId, role: input.role } });
      await recordAudit(tx, { projectId: input.projectId, actor: input.actor, action: "member.add", targetType: "member", targetName: user.email, after: { role: input.role } });
      return { email: user.email, name: user.name, role: m.role, since: m.createdAt };
    }),
  );
}

/**
 * Changes a member's role; the last owner cannot be demoted, so a project always has someone
 * to manage it. The project row is locked before owners are counted: two owners demoting
 * each other at once leave one.
 */
export async function updateMember(db: Db, input: { projectId: string; email: string; role: ProjectRole; actor: string }): Promise<MemberView> {
  return db.$transaction(async (tx) => {
    await lockProjects(tx, [input.projectId]);
    const user = await userByEmail(tx, input.email);
    const m = await tx.membership.findUnique({ where: { userId_projectId: { userId: user.id, projectId: input.projectId } } });
    if (!m) throw new NotFoundError("member", input.email);
    if (m.role === "owner" && input.role !== "owner") await keepAnOwner(tx, input.projectId);
    const updated = await tx.membership.update({ where: { id: m.id }, data: { role: input.role } });
    await recordAudit(tx, { projectId: input.projectId, actor: input.actor, action: "member.update", targetType: "member", targetName: user.email, before: { role: m.role }, after: { role: updated.role } });
    return { email: user.email, name: user.name, role: updated.role, since: updated.createdAt };
  });
}

/** Removes a member; the last owner cannot be removed (counted under the project's lock, as in `updateMember`). */
export async function removeMember(db: Db, input: { projectId: string; email: string; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockProjects(tx, [input.projectId]);
    const user = await userByEmail(tx, input.email);
    const m = await tx.membership.findUnique({ where: { userId_projectId: { userId: user.id, projectId: input.projectId } } });
    if (!m) throw new NotFoundError("member", input.email);
    if (m.role === "owner") await keepAnOwner(tx, input.projectId);
    await tx.membership.delete({ where: { id: m.id } });
    await recordAudit(tx, { projectId: input.projectId, actor: input.actor, action: "member.remove", targetType: "member", targetName: user.email, before: { role: m.role } });
  });
}

/** Call with the project locked (`lockProjects`). */
async function keepAnOwner(tx: Pick<Db, "membership">, projectId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { projectId, role: "owner" } });
  if (owners <= 1) throw new DomainError("a project keeps at least one owner; make someone else owner first", 409, "last_owner");
}

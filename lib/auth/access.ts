import type { Db, Tx } from "@/lib/db/client";
import { DomainError, NotFoundError } from "@/lib/errors";
import type { Principal } from "./principal";
import { atLeast, roleOfTokenScope, type ProjectRole } from "./roles";

export class ForbiddenError extends DomainError {
  constructor(message = "you do not have access to this") {
    super(message, 403, "forbidden");
  }
}

export type ProjectAccess = { project: { id: string; name: string; displayName: string; description: string; revision: number }; role: ProjectRole };

/** The caller's role in a project, or null when they have none. Admins act as owners. */
export async function roleInProject(db: Db | Tx, principal: Principal, projectId: string): Promise<ProjectRole | null> {
  if (principal.kind === "token") return principal.projectId === projectId ? roleOfTokenScope(principal.scope) : null;
  if (principal.isAdmin) return "owner";
  const m = await db.membership.findUnique({ where: { userId_projectId: { userId: principal.userId, projectId } }, select: { role: true } });
  return m?.role ?? null;
}

/**
 * Loads a project for a caller who needs at least `needed`: 404 when it does not exist,
 * 403 when the caller has no role in it or too weak a one.
 */
export async function requireProjectRole(db: Db | Tx, principal: Principal, projectName: string, needed: ProjectRole): Promise<ProjectAccess> {
  const project = await db.project.findUnique({
    where: { name: projectName },
    select: { id: true, name: true, displayName: true, description: true, revision: true },
  });
  if (!project) throw new NotFoundError("project", projectName);
  const role = await roleInProject(db, principal, project.id);
  if (!atLeast(role, needed)) {
    throw new ForbiddenError(role === null ? `you are not a member of project '${projectName}'` : `this needs the ${needed} role in project '${projectName}' (you are ${role})`);
  }
  return { project, role: role! };
}

export function requireAdmin(principal: Principal): void {
  if (principal.kind !== "user" || !principal.isAdmin) throw new ForbiddenError("only an administrator can do this");
}

/** Project ids the caller may see: all for admins, their memberships for users, the token's project for tokens. */
export async function visibleProjectIds(db: Db | Tx, principal: Principal): Promise<string[] | "all"> {
  if (principal.kind === "token") return [principal.projectId];
  if (principal.isAdmin) return "all";
  const rows = await db.membership.findMany({ where: { userId: principal.userId }, select: { projectId: true } });
  return rows.map((r) => r.projectId);
}

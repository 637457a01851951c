import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { ForbiddenError, requireProjectRole, type ProjectAccess } from "./access";
import { authenticate, type Principal } from "./principal";
import type { ProjectRole } from "./roles";

/**
 * Server components check access where they read data, not only in proxy.ts: the signed-in
 * user (or a redirect to /login), then their role in the project (404 / 403 pages).
 */
export const currentUser = cache(async (): Promise<Extract<Principal, { kind: "user" }> | null> => {
  const result = await authenticate(prisma(), await headers());
  return result.ok && result.principal.kind === "user" ? result.principal : null;
});

export async function requirePageUser(): Promise<Extract<Principal, { kind: "user" }>> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

export const requirePageProject = cache(async (name: string, needed: ProjectRole = "viewer"): Promise<ProjectAccess> => {
  const user = await requirePageUser();
  try {
    return await requireProjectRole(prisma(), user, name, needed);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) forbidden();
    throw error;
  }
});

export async function requirePageAdmin(): Promise<Extract<Principal, { kind: "user" }>> {
  const user = await requirePageUser();
  if (!user.isAdmin) forbidden();
  return user;
}

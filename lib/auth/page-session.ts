import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { ForbiddenError, requireProjectRole, type ProjectAccess } from "./access";
import { authenticate, type Principal } from "./principal";
import { loginPathFor, REQUEST_PATH_HEADER } from "./next-path";
import type { ProjectRole } from "./roles";

/**
 * Server components check access where they read data, not only in proxy.ts: the signed-in
 * user (or a redirect to /login), then their role in the project (404 / 403 pages).
 */
export const currentUser = cache(async (): Promise<Extract<Principal, { kind: "user" }> | null> => {
  // Reading the request first makes every caller dynamic: nothing that shows the user (the
  // root layout's top bar included) is prerendered at build time, when there is no database.
  const requestHeaders = await headers();
  const result = await authenticate(prisma(), requestHeaders);
  return result.ok && result.principal.kind === "user" ? result.principal : null;
});

export async function requirePageUser(): Promise<Extract<Principal, { kind: "user" }>> {
  const user = await currentUser();
  // proxy.ts sends requests without a cookie to /login?next=… itself; this catches expired or revoked sessions.
  if (!user) redirect(loginPathFor((await headers()).get(REQUEST_PATH_HEADER) ?? "/"));
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

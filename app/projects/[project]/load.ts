import { cache } from "react";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { requirePageProject } from "@/lib/auth/page-session";
import type { ProjectRole } from "@/lib/auth/roles";
import { NotFoundError } from "@/lib/errors";
import { getProject } from "@/lib/projects/repo";

/** Turns the repositories' NotFoundError into the 404 page; anything else is a real failure. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

/**
 * The project and the signed-in user's role in it, or the login page (signed out), the
 * 404 page (no such project) or the 403 page (no role, or too weak a one). One lookup per
 * request, however many components of the page ask.
 */
export const loadProjectAccess = cache(async (name: string, needed: ProjectRole = "viewer") => {
  const { role } = await requirePageProject(name, needed);
  const project = await orNotFound(getProject(prisma(), name));
  return { project, role };
});

/** The project for any page under /projects/[project]: its members (any role) and administrators only. */
export const loadProject = cache(async (name: string) => (await loadProjectAccess(name, "viewer")).project);

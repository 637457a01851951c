import { cache } from "react";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db/client";
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

/** One lookup per request, however many components of the page ask. */
export const loadProject = cache((name: string) => orNotFound(getProject(prisma(), name)));

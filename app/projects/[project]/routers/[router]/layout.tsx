import type * as React from "react";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { loadProject } from "../../load";

// Checked above the router's loading boundary so that an unknown router answers 404, not 200.
export default async function RouterLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ project: string; router: string }>;
}) {
  const { project: projectName, router } = await params;
  const project = await loadProject(projectName);
  const exists = await prisma().router.findUnique({
    where: { projectId_name: { projectId: project.id, name: router } },
    select: { id: true },
  });
  if (!exists) notFound();
  return children;
}

import type * as React from "react";
import { loadProject } from "./load";

// Resolving the project here, above every loading boundary, lets an unknown name answer
// a real 404: once a loading fallback has streamed, the status is fixed at 200.
export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ project: string }>;
}) {
  const { project } = await params;
  await loadProject(project);
  return children;
}

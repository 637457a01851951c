import type { Metadata } from "next";
import { loadProject } from "../load";
import { ProjectRollouts } from "@/components/rollouts/project-rollouts";
import { PageHeader } from "@/components/common/page-header";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Rollouts · ${project}` };
}

export default async function ProjectRolloutsPage({ params }: Props) {
  const { project: name } = await params;
  const project = await loadProject(name);
  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Rollouts"
        description="Canaries moving forward on evidence, across the project's routers, newest first. Start one from a router's Rollouts tab or a rule's “Roll out”."
      />
      <ProjectRollouts project={project.name} />
    </>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { atLeast } from "@/lib/auth/roles";
import { requirePageProject } from "@/lib/auth/page-session";
import { prisma } from "@/lib/db/client";
import { getRollout } from "@/lib/rollouts/repo";
import { RolloutView } from "@/components/rollouts/detail/rollout-view";
import { orNotFound } from "../../../../load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string; router: string; rollout: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { router, rollout } = await params;
  return { title: `Rollout ${rollout} · ${router}` };
}

/** One rollout: rendered from the same read the API serves, then kept fresh on the client while it runs. */
export default async function RolloutPage({ params }: Props) {
  const { project: projectName, router, rollout } = await params;
  if (!/^[1-9]\d{0,8}$/.test(rollout)) notFound();
  const { project, role } = await requirePageProject(projectName, "viewer");
  const detail = await orNotFound(getRollout(prisma(), { projectId: project.id, routerName: router, number: Number(rollout) }));
  return <RolloutView project={project.name} projectTitle={project.displayName || project.name} router={router} canEdit={atLeast(role, "editor")} initial={detail} />;
}

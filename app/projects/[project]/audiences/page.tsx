import type { Metadata } from "next";
import { prisma } from "@/lib/db/client";
import { listAudiences } from "@/lib/audiences/repo";
import { requirePageProject } from "@/lib/auth/page-session";
import { atLeast } from "@/lib/auth/roles";
import { PageHeader } from "@/components/common/page-header";
import { AudiencesManager } from "@/components/audiences/audiences-manager";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Audiences · ${project}` };
}

export default async function AudiencesPage({ params }: Props) {
  const { project: name } = await params;
  const { project, role } = await requirePageProject(name, "viewer");
  const canEdit = atLeast(role, "editor");
  // The first page as the server sees it; the client keeps it fresh (and reads further pages if any).
  const first = await listAudiences(prisma(), project.id, { limit: 200 });

  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Audiences"
        description={
          canEdit
            ? "Named condition sets that rules of any router in this project can reuse. A rule's own conditions are ANDed with its audience's; editing an audience changes every rule that uses it."
            : "Named condition sets that rules of any router in this project can reuse. A rule's own conditions are ANDed with its audience's."
        }
      />
      <AudiencesManager project={project.name} canEdit={canEdit} initial={first.nextCursor === null ? first.items : undefined} />
    </>
  );
}

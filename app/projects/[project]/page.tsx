import type { Metadata } from "next";
import { atLeast } from "@/lib/auth/roles";
import { requirePageProject } from "@/lib/auth/page-session";
import { prisma } from "@/lib/db/client";
import { listRouterSummaries } from "@/lib/routers/summary";
import { PageHeader } from "@/components/common/page-header";
import { NewRouterDialog } from "@/components/routers/list/new-router-dialog";
import { RoutersList } from "@/components/routers/list/routers-list";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Routers · ${project}` };
}

export default async function ProjectRoutersPage({ params }: Props) {
  const { project: name } = await params;
  const { project, role } = await requirePageProject(name, "viewer");
  const canEdit = atLeast(role, "editor");
  // Rendered on the server with the same summaries the API gives (findings computed now), then kept fresh by the client.
  const first = await listRouterSummaries(prisma(), project.id, { limit: 200 });
  const title = project.displayName || project.name;

  return (
    <>
      <PageHeader
        eyebrow="Routers"
        title={title}
        description={
          project.description ||
          "Each router is one endpoint: its rules decide, request by request, which route (model version) answers."
        }
        actions={canEdit ? <NewRouterDialog project={project.name} /> : null}
      />
      <RoutersList project={project.name} projectTitle={title} canEdit={canEdit} initialData={first.nextCursor ? undefined : first.items} />
    </>
  );
}

import type { Metadata } from "next";
import { SplitIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import type { RouterSummary } from "@/lib/projects/repo";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { RouterTable } from "@/components/projects/router-table";
import { loadProject } from "./load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Routers · ${project}` };
}

async function listRouters(projectId: string): Promise<RouterSummary[]> {
  const routers = await prisma().router.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    include: {
      activeVersion: { select: { number: true } },
      // The default rule is a row too; users count the rules they ordered.
      _count: { select: { routes: true, rules: { where: { isDefault: false } }, versions: true } },
    },
  });
  return routers.map((r) => ({
    name: r.name,
    description: r.description,
    routeCount: r._count.routes,
    ruleCount: r._count.rules,
    activeVersion: r.activeVersion?.number ?? null,
    versionCount: r._count.versions,
    updatedAt: r.updatedAt,
  }));
}

export default async function ProjectRoutersPage({ params }: Props) {
  const { project: name } = await params;
  const project = await loadProject(name);
  const routers = await listRouters(project.id);
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
      />
      {routers.length === 0 ? (
        <EmptyState icon={SplitIcon} title="No routers yet">
          <p>
            A router puts several model versions behind one endpoint and splits traffic between them. Create one by sending a
            router document to{" "}
            <code className="font-mono text-foreground break-all">
              PUT /api/v1/projects/{project.name}/routers/&lt;name&gt;/config
            </code>
            .
          </p>
        </EmptyState>
      ) : (
        <RouterTable projectName={project.name} routers={routers} detailed caption={`Routers of ${title}`} />
      )}
    </>
  );
}

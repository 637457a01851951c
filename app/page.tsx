import { Suspense } from "react";
import { FolderKanbanIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import { visibleProjectIds } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/page-session";
import { listProjectsWithRouters } from "@/lib/projects/repo";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { NewProjectDialog } from "@/components/projects/new-project-dialog";
import { ProjectCard } from "@/components/projects/project-card";
import { Skeleton } from "@/components/ui/skeleton";

// Reads the database on every request; nothing here can be prerendered at build time.
export const dynamic = "force-dynamic";

async function ProjectList() {
  const user = await requirePageUser();
  const db = prisma();
  // Members see their projects; administrators see them all.
  const projects = await listProjectsWithRouters(db, await visibleProjectIds(db, user));
  if (projects.length === 0 && !user.isAdmin) {
    return (
      <EmptyState icon={FolderKanbanIcon} title="No projects yet" data-testid="no-projects">
        <p>
          You are not a member of any project. Ask a project&apos;s owner to add you (Settings → Members), or an
          administrator to create a project for you.
        </p>
      </EmptyState>
    );
  }
  if (projects.length === 0) {
    return (
      <EmptyState icon={FolderKanbanIcon} title="No projects yet" data-testid="no-projects">
        <p>
          A project holds routers (one endpoint each, routing requests to model versions by rules and weighted splits), the
          audiences its rules reuse, and the audit log of its changes. Create the first one with <strong>New project</strong>.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      {projects.map((project) => (
        <ProjectCard key={project.name} project={project} />
      ))}
    </div>
  );
}

function ProjectListSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-3 rounded-xl border p-5">
      <p className="sr-only" role="status">
        Loading projects…
      </p>
      <Skeleton className="h-5 w-40" />
      <Skeleton className="h-4 w-72 max-w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}

export default async function HomePage() {
  // Checked before anything streams, so a stale session redirects instead of rendering a shell.
  const user = await requirePageUser();
  return (
    <>
      <PageHeader
        title="Projects"
        description="Each project groups the routers of one team or product, with the audiences they share and an audit log of every change."
        actions={user.isAdmin ? <NewProjectDialog /> : null}
      />
      <Suspense fallback={<ProjectListSkeleton />}>
        <ProjectList />
      </Suspense>
    </>
  );
}

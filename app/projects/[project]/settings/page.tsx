import type { Metadata } from "next";
import type * as React from "react";
import { prisma } from "@/lib/db/client";
import { requirePageUser } from "@/lib/auth/page-session";
import { atLeast } from "@/lib/auth/roles";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/common/page-header";
import { Timestamp } from "@/components/common/timestamp";
import { MembersCard } from "@/components/members/members-card";
import { DeleteProjectCard } from "@/components/projects/delete-project-card";
import { ProjectDetailsForm } from "@/components/projects/project-details-form";
import { loadProjectAccess } from "../load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Settings · ${project}` };
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium">{term}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">Not set</span>;

export default async function ProjectSettingsPage({ params }: Props) {
  const { project: name } = await params;
  const [{ project, role }, user] = await Promise.all([loadProjectAccess(name, "viewer"), requirePageUser()]);
  const isOwner = atLeast(role, "owner");
  const counts = await prisma().project.findUnique({
    where: { id: project.id },
    select: { _count: { select: { routers: true, audiences: true, tokens: true, members: true } } },
  });
  const versions = isOwner ? await prisma().version.count({ where: { router: { projectId: project.id } } }) : 0;

  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Settings"
        meta={
          <Badge variant="outline" data-testid="your-role">
            {user.isAdmin ? "administrator" : `your role: ${role}`}
          </Badge>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Project</CardTitle>
          <CardDescription>
            The name is the project&apos;s identifier in URLs, the API and the gateway path, so it never changes.
            {isOwner ? null : " Only the project's owners can change its display name and description."}
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-2">
          {isOwner ? (
            <ProjectDetailsForm
              project={project.name}
              initial={{ displayName: project.displayName, description: project.description, revision: project.revision }}
            />
          ) : null}
          <dl className="divide-y" data-testid="project-settings">
            <Row term="Name">
              <span className="font-mono">{project.name}</span>
            </Row>
            {isOwner ? null : (
              <>
                <Row term="Display name">{project.displayName || none}</Row>
                <Row term="Description">{project.description || none}</Row>
              </>
            )}
            <Row term="Gateway path">
              <span className="font-mono">/{project.name}/&lt;router&gt;/…</span>
            </Row>
            {counts ? (
              <Row term="Contents">
                {counts._count.routers} {counts._count.routers === 1 ? "router" : "routers"}, {counts._count.audiences}{" "}
                {counts._count.audiences === 1 ? "audience" : "audiences"}
              </Row>
            ) : null}
            <Row term="Created">
              <Timestamp date={project.createdAt} />
            </Row>
            <Row term="Last changed">
              <Timestamp date={project.updatedAt} />
            </Row>
          </dl>
        </CardContent>
      </Card>
      <MembersCard project={project.name} canManage={isOwner} currentEmail={user.email} />
      {isOwner && counts ? (
        <DeleteProjectCard
          project={project.name}
          revision={project.revision}
          contents={{ routers: counts._count.routers, versions, audiences: counts._count.audiences, tokens: counts._count.tokens, members: counts._count.members }}
        />
      ) : null}
    </>
  );
}

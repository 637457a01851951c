import type { Metadata } from "next";
import type * as React from "react";
import { prisma } from "@/lib/db/client";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/common/page-header";
import { Timestamp } from "@/components/common/timestamp";
import { loadProject } from "../load";

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
  const project = await loadProject(name);
  const counts = await prisma().project.findUnique({
    where: { id: project.id },
    select: { _count: { select: { routers: true, audiences: true } } },
  });

  return (
    <>
      <PageHeader eyebrow={project.displayName || project.name} title="Settings" />
      <Card>
        <CardHeader>
          <CardTitle>Project</CardTitle>
          <CardDescription>
            The name is the project&apos;s identifier in URLs, the API and the gateway path, so it never changes.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="divide-y" data-testid="project-settings">
            <Row term="Name">
              <span className="font-mono">{project.name}</span>
            </Row>
            <Row term="Display name">{project.displayName || none}</Row>
            <Row term="Description">{project.description || none}</Row>
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
    </>
  );
}

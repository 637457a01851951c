import type { Metadata } from "next";
import { UsersIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import type { Condition } from "@/lib/router/document";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageHeader } from "@/components/common/page-header";
import { ConditionList } from "@/components/conditions/condition-chip";
import { loadProject } from "../load";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Audiences · ${project}` };
}

export default async function AudiencesPage({ params }: Props) {
  const { project: name } = await params;
  const project = await loadProject(name);
  const audiences = await prisma().audience.findMany({
    where: { projectId: project.id },
    orderBy: { name: "asc" },
    include: {
      conditions: { orderBy: { position: "asc" } },
      _count: { select: { rules: true } },
    },
  });

  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Audiences"
        description="Named condition sets that rules of any router in this project can reuse. A rule's own conditions are ANDed with its audience's."
      />
      {audiences.length === 0 ? (
        <EmptyState icon={UsersIcon} title="No audiences yet">
          An audience names a group of requests once (say, <span className="font-mono">payload metadata.location in new-york</span>)
          so that rules in several routers can target it and stay in step when it changes.
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Audience</TableHead>
              <TableHead>Conditions</TableHead>
              <TableHead className="text-right">Used by</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {audiences.map((audience) => {
              const conditions: Condition[] = audience.conditions.map((c) => ({
                source: c.source,
                key: c.key,
                operator: c.operator,
                values: c.values as Condition["values"],
              }));
              const uses = audience._count.rules;
              return (
                <TableRow key={audience.id} data-testid={`audience-row-${audience.name}`}>
                  <TableCell className="align-top">
                    <div className="flex flex-col gap-0.5">
                      <span className="font-mono font-medium">{audience.name}</span>
                      {audience.description ? (
                        <span className="text-xs text-muted-foreground">{audience.description}</span>
                      ) : null}
                    </div>
                  </TableCell>
                  <TableCell className="align-top">
                    {conditions.length > 0 ? (
                      <ConditionList conditions={conditions} />
                    ) : (
                      <span className="text-muted-foreground">No conditions</span>
                    )}
                  </TableCell>
                  <TableCell className="text-right align-top whitespace-nowrap tabular-nums">
                    {uses === 0 ? <span className="text-muted-foreground">unused</span> : `${uses} ${uses === 1 ? "rule" : "rules"}`}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </>
  );
}

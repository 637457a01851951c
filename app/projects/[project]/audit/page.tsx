import type { Metadata } from "next";
import Link from "next/link";
import { ScrollTextIcon, SearchIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageHeader } from "@/components/common/page-header";
import { Timestamp } from "@/components/common/timestamp";
import { loadProject } from "../load";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

type Props = {
  params: Promise<{ project: string }>;
  searchParams: Promise<{ q?: string | string[]; before?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Audit log · ${project}` };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditLogPage({ params, searchParams }: Props) {
  const [{ project: name }, search] = await Promise.all([params, searchParams]);
  const project = await loadProject(name);
  const q = first(search.q)?.trim() ?? "";
  const beforeParam = first(search.before);
  const before = beforeParam && /^\d{1,19}$/.test(beforeParam) ? BigInt(beforeParam) : null;

  const where: Prisma.AuditEventWhereInput = { projectId: project.id };
  if (q) {
    where.OR = (["actor", "action", "targetType", "targetName"] as const).map((field) => ({
      [field]: { contains: q, mode: "insensitive" },
    }));
  }
  // One extra row tells whether an older page exists without a count query.
  const rows = await prisma().auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(before !== null ? { cursor: { id: before }, skip: 1 } : {}),
    select: { id: true, actor: true, action: true, targetType: true, targetName: true, createdAt: true },
  });
  const events = rows.slice(0, PAGE_SIZE);
  const older = rows.length > PAGE_SIZE ? events[events.length - 1] : undefined;
  const base = `/projects/${project.name}/audit`;
  const olderHref = older
    ? `${base}?${new URLSearchParams({ ...(q ? { q } : {}), before: older.id.toString() }).toString()}`
    : null;

  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Audit log"
        description="Every change to this project's routers and audiences, newest first: who did it, what, and to which target."
      />
      <form role="search" method="get" action={base} className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-64 flex-1 flex-col gap-1.5 sm:max-w-sm">
          <Label htmlFor="audit-filter">Filter by actor, action or target</Label>
          <Input id="audit-filter" name="q" type="search" defaultValue={q} placeholder="e.g. deploy, fraud-scorer, alice" />
        </div>
        <Button type="submit" variant="secondary">
          <SearchIcon aria-hidden="true" />
          Filter
        </Button>
        {q ? (
          <Button asChild variant="ghost">
            <Link href={base}>Clear filter</Link>
          </Button>
        ) : null}
      </form>
      {events.length === 0 ? (
        <EmptyState icon={ScrollTextIcon} title={q ? "No matching events" : before !== null ? "No older events" : "No events yet"}>
          {q
            ? `No event's actor, action or target contains “${q}”.`
            : "Creating, editing and deploying routers and audiences records an event here, with who did it and when."}
        </EmptyState>
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((event) => (
                <TableRow key={event.id.toString()} data-testid="audit-row">
                  <TableCell>
                    <Timestamp date={event.createdAt} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{event.actor}</TableCell>
                  <TableCell>
                    <span className="font-mono text-xs">{event.action}</span>
                  </TableCell>
                  <TableCell>
                    <span className="text-muted-foreground">{event.targetType}</span>{" "}
                    <span className="font-mono">{event.targetName}</span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {olderHref || before !== null ? (
            <nav aria-label="Audit log pages" className="flex gap-2">
              {before !== null ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={q ? `${base}?${new URLSearchParams({ q }).toString()}` : base}>Newest events</Link>
                </Button>
              ) : null}
              {olderHref ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={olderHref}>Older events</Link>
                </Button>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}

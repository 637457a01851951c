import type { Metadata } from "next";
import { ScrollTextIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import { listEvents } from "@/lib/audit/events";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { auditHref, isFiltered, parseAuditSearch, type AuditSearch } from "@/components/audit/audit-search";
import { loadProject } from "../load";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

type Props = { params: Promise<{ project: string }>; searchParams: Promise<AuditSearch> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Audit log · ${project}` };
}

export default async function AuditLogPage({ params, searchParams }: Props) {
  const [{ project: name }, search] = await Promise.all([params, searchParams]);
  const project = await loadProject(name);
  // This log is one project's: a `project` field in the link is ignored.
  const { fields: all, filter, before, invalid, problems } = parseAuditSearch(search);
  const fields = { ...all, project: "" };
  const { project: _ignored, ...projectFilter } = filter;

  // Newest first, keyset-paginated on the event id: the same query as GET /api/v1/projects/{project}/events.
  const { items: events, nextCursor } =
    problems.length > 0 ? { items: [], nextCursor: null } : await listEvents(prisma(), project.id, { ...projectFilter, limit: PAGE_SIZE, cursor: before });

  const base = `/projects/${project.name}/audit`;
  const filtered = isFiltered(fields);
  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Audit log"
        description="Every change to this project (routers, audiences, members, tokens and settings), newest first: who did it, what, and to which target. Times are in UTC."
      />
      <AuditFilterForm action={base} fields={fields} invalid={invalid} />
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {problems.join(" ")}
        </div>
      ) : events.length === 0 ? (
        <EmptyState icon={ScrollTextIcon} title={filtered ? "No matching events" : before ? "No older events" : "No events yet"}>
          {filtered
            ? "No event matches these filters. Actor and target match any part of the name, ignoring case; a router's name also finds the changes to its rules and routes; Router matches one router's events exactly."
            : "Creating, editing and deploying routers and audiences, and managing members and tokens, records an event here, with who did it and when."}
        </EmptyState>
      ) : (
        <AuditEventsTable events={events} routerHref={(e) => auditHref(base, { ...fields, router: e.router ?? "" })} newestHref={before ? auditHref(base, fields) : null} olderHref={nextCursor ? auditHref(base, fields, { before: nextCursor }) : null} />
      )}
    </>
  );
}

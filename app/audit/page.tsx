import type { Metadata } from "next";
import { ScrollTextIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import { listAllEvents } from "@/lib/audit/events";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { auditHref, isFiltered, parseAuditSearch, type AuditSearch } from "@/components/audit/audit-search";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
const BASE = "/audit";

/** Every project's audit log, deleted projects' included, and changes to users: administrators only. */
export default async function GlobalAuditLogPage({ searchParams }: { searchParams: Promise<AuditSearch> }) {
  await requirePageAdmin();
  const { fields, filter, before, invalid, problems } = parseAuditSearch(await searchParams);

  // The same query as GET /api/v1/events.
  const { items: events, nextCursor } = problems.length > 0 ? { items: [], nextCursor: null } : await listAllEvents(prisma(), { ...filter, limit: PAGE_SIZE, cursor: before });
  const filtered = isFiltered(fields);

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Audit log"
        description="Every change in this installation, newest first: in every project (a deleted project's history stays, under its name) and to users and their roles. Times are in UTC."
      />
      <AuditFilterForm action={BASE} fields={fields} withProject invalid={invalid} />
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {problems.join(" ")}
        </div>
      ) : events.length === 0 ? (
        <EmptyState icon={ScrollTextIcon} title={filtered ? "No matching events" : before ? "No older events" : "No events yet"}>
          {filtered
            ? "No event matches these filters. The project is matched by its exact name; actor and target match any part of the name, ignoring case."
            : "Changes to projects, routers, audiences, members, tokens and users are recorded here, with who made them and when."}
        </EmptyState>
      ) : (
        <AuditEventsTable
          events={events}
          withProject
          routerHref={(e) => auditHref(BASE, { ...fields, project: "project" in e && e.project ? e.project : fields.project, router: e.router ?? "" })}
          newestHref={before ? auditHref(BASE, fields) : null} olderHref={nextCursor ? auditHref(BASE, fields, { before: nextCursor }) : null} />
      )}
    </>
  );
}

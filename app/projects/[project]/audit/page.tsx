import type { Metadata } from "next";
import Link from "next/link";
import { ScrollTextIcon, SearchIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import { listEvents } from "@/lib/audit/events";
import { bigintCursorSchema } from "@/lib/http/lists";
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

type Search = { actor?: string | string[]; target?: string | string[]; from?: string | string[]; to?: string | string[]; before?: string | string[] };
type Props = { params: Promise<{ project: string }>; searchParams: Promise<Search> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Audit log · ${project}` };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * `<input type="datetime-local">` sends "2025-06-01T14:30" with no zone. Every time in the
 * console is shown in UTC (components/common/format.ts), so the filter reads it as UTC too.
 * "To" includes the whole minute (or day) it names. Returns undefined for an empty field
 * and "invalid" for text that is not a date-time.
 */
function parseUtc(value: string, end: boolean): string | undefined | "invalid" {
  if (!value.trim()) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return "invalid";
  const start = new Date(`${m[1]}T${m[2] ?? "00:00"}:${m[3] ?? "00"}Z`);
  if (Number.isNaN(start.getTime()) || start.getUTCFullYear() < 1) return "invalid";
  if (!end) return start.toISOString();
  const span = m[3] !== undefined ? 1000 : m[2] !== undefined ? 60_000 : 86_400_000;
  return new Date(start.getTime() + span - 1).toISOString();
}

export default async function AuditLogPage({ params, searchParams }: Props) {
  const [{ project: name }, search] = await Promise.all([params, searchParams]);
  const project = await loadProject(name);

  const actor = first(search.actor)?.trim().slice(0, 254) ?? "";
  const target = first(search.target)?.trim().slice(0, 200) ?? "";
  const fromText = first(search.from) ?? "";
  const toText = first(search.to) ?? "";
  const from = parseUtc(fromText, false);
  const to = parseUtc(toText, true);
  const beforeParam = first(search.before);
  const before = beforeParam && bigintCursorSchema.safeParse(beforeParam).success ? beforeParam : undefined;

  const validFrom = from === "invalid" ? undefined : from;
  const validTo = to === "invalid" ? undefined : to;
  const problems: string[] = [];
  if (from === "invalid") problems.push("“From” is not a date and time.");
  if (to === "invalid") problems.push("“To” is not a date and time.");
  if (validFrom && validTo && validFrom > validTo) problems.push("“From” is after “To”, so no event can match.");

  // Newest first, keyset-paginated on the event id: the same query as GET /api/v1/projects/{project}/events.
  const { items: events, nextCursor } =
    problems.length > 0
      ? { items: [], nextCursor: null }
      : await listEvents(prisma(), project.id, { actor: actor || undefined, target: target || undefined, from: validFrom, to: validTo, limit: PAGE_SIZE, cursor: before });

  const base = `/projects/${project.name}/audit`;
  const filters: Record<string, string> = {
    ...(actor ? { actor } : {}),
    ...(target ? { target } : {}),
    ...(fromText ? { from: fromText } : {}),
    ...(toText ? { to: toText } : {}),
  };
  const filtered = Object.keys(filters).length > 0;
  const hrefWith = (extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...filters, ...extra }).toString();
    return query ? `${base}?${query}` : base;
  };
  const olderHref = nextCursor ? hrefWith({ before: nextCursor }) : null;

  return (
    <>
      <PageHeader
        eyebrow={project.displayName || project.name}
        title="Audit log"
        description="Every change to this project (routers, audiences, members, tokens and settings), newest first: who did it, what, and to which target. Times are in UTC."
      />
      <form role="search" aria-label="Filter the audit log" method="get" action={base} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_auto_auto_auto] lg:items-end">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-actor">Actor</Label>
          <Input id="audit-actor" name="actor" type="search" defaultValue={actor} placeholder="e.g. alice@example.com, token:ci" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-target">Target</Label>
          <Input id="audit-target" name="target" type="search" defaultValue={target} placeholder="e.g. fraud-scorer" />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-from">From (UTC)</Label>
          <Input id="audit-from" name="from" type="datetime-local" defaultValue={fromText} aria-invalid={from === "invalid" || undefined} />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-to">To (UTC)</Label>
          <Input id="audit-to" name="to" type="datetime-local" defaultValue={toText} aria-invalid={to === "invalid" || undefined} />
        </div>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            <SearchIcon aria-hidden="true" />
            Filter
          </Button>
          {filtered ? (
            <Button asChild variant="ghost">
              <Link href={base}>Clear</Link>
            </Button>
          ) : null}
        </div>
      </form>
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {problems.join(" ")}
        </div>
      ) : events.length === 0 ? (
        <EmptyState icon={ScrollTextIcon} title={filtered ? "No matching events" : before ? "No older events" : "No events yet"}>
          {filtered
            ? "No event matches these filters. Actor and target match any part of the name, ignoring case."
            : "Creating, editing and deploying routers and audiences, and managing members and tokens, records an event here, with who did it and when."}
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
                <TableRow key={event.id} data-testid="audit-row">
                  <TableCell>
                    <Timestamp date={new Date(event.createdAt)} />
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
          {olderHref || before ? (
            <nav aria-label="Audit log pages" className="flex gap-2">
              {before ? (
                <Button asChild variant="outline" size="sm">
                  <Link href={hrefWith()}>Newest events</Link>
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

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import type { EventView, GlobalEventView } from "@/lib/audit/events";
import { AuditChange } from "./audit-change";

type Props = {
  events: (EventView | GlobalEventView)[];
  /** The administrators' log shows which project each event happened in. */
  withProject?: boolean;
  /** Links to the first page (when on an older one) and to the next older page. */
  newestHref: string | null;
  olderHref: string | null;
  /** A link to the log filtered by an event's router. */
  routerHref?: (event: EventView | GlobalEventView) => string;
};

/** Newest first: when, who, what, in which project (optionally), to which target, and what changed. */
export function AuditEventsTable({ events, withProject = false, newestHref, olderHref, routerHref }: Props) {
  return (
    <>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Time</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            {withProject ? <TableHead>Project</TableHead> : null}
            <TableHead>Target</TableHead>
            <TableHead>Change</TableHead>
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
              {withProject ? (
                <TableCell>
                  <ProjectCell event={event as GlobalEventView} />
                </TableCell>
              ) : null}
              <TableCell>
                <span className="text-muted-foreground">{event.targetType}</span> <span className="font-mono">{event.targetName}</span>
                {event.router && event.targetType !== "router" ? (
                  <span className="text-muted-foreground">
                    {" "}
                    in router{" "}
                    {routerHref ? (
                      <Link href={routerHref(event)} className="font-mono underline-offset-4 hover:underline" title={`Every event of router ${event.router}`}>
                        {event.router}
                      </Link>
                    ) : (
                      <span className="font-mono">{event.router}</span>
                    )}
                  </span>
                ) : null}
              </TableCell>
              <TableCell className="max-w-xl">
                <AuditChange before={event.before} after={event.after} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {olderHref || newestHref ? (
        <nav aria-label="Audit log pages" className="flex gap-2">
          {newestHref ? (
            <Button asChild variant="outline" size="sm">
              <Link href={newestHref}>Newest events</Link>
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
  );
}

function ProjectCell({ event }: { event: GlobalEventView }) {
  if (event.project === null) return <span className="text-muted-foreground">—</span>;
  if (event.projectDeleted) {
    return (
      <span className="flex flex-wrap items-center gap-1.5">
        <span className="font-mono">{event.project}</span>
        <Badge variant="outline">deleted</Badge>
      </span>
    );
  }
  return (
    <Link href={`/projects/${encodeURIComponent(event.project)}`} className="font-mono underline-offset-4 hover:underline">
      {event.project}
    </Link>
  );
}

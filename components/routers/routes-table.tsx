import { ServerIcon } from "lucide-react";
import type { RouterDocument } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";

/** How many rules (default included) send or mirror traffic to each route. */
function usage(doc: RouterDocument): Map<string, number> {
  const counts = new Map<string, number>();
  const bodies = [...doc.rules, ...(doc.defaultRule ? [doc.defaultRule] : [])];
  for (const body of bodies) {
    const routes = new Set([...body.split.map((s) => s.route), ...body.shadows.map((s) => s.route)]);
    for (const route of routes) counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return counts;
}

export function RoutesTable({ document, colors }: { document: RouterDocument; colors: RouteColors }) {
  if (document.routes.length === 0) {
    return (
      <EmptyState icon={ServerIcon} title="No routes yet">
        A route is a backend URL that serves the model. Rules send traffic to routes, so a router needs at least one.
      </EmptyState>
    );
  }
  const used = usage(document);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>URL</TableHead>
          <TableHead className="text-right">Timeout</TableHead>
          <TableHead className="text-right">Used by</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {document.routes.map((route) => {
          const count = used.get(route.name) ?? 0;
          return (
            <TableRow key={route.name} data-testid={`route-row-${route.name}`}>
              <TableCell>
                <span className="flex items-center gap-2 font-mono font-medium">
                  <span aria-hidden="true" className={cn("size-2.5 shrink-0 rounded-full", colors(route.name))} />
                  {route.name}
                </span>
              </TableCell>
              <TableCell className="font-mono text-xs break-all">{route.url}</TableCell>
              <TableCell className="text-right tabular-nums whitespace-nowrap">{route.timeoutMs.toLocaleString("en-US")} ms</TableCell>
              <TableCell className="text-right whitespace-nowrap">
                {count > 0 ? (
                  <span className="tabular-nums">
                    {count} {count === 1 ? "rule" : "rules"}
                  </span>
                ) : (
                  <Badge variant="warning">unused</Badge>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

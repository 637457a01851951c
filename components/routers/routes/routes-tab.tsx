"use client";

import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { useHydrated } from "@/components/common/use-hydrated";
import { useState } from "react";
import { PencilIcon, PlusIcon, ServerIcon, Trash2Icon, UnplugIcon } from "lucide-react";
import type { Route } from "@/lib/router/document";
import { routeUses } from "@/lib/routers/edits";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useRouterConfig } from "@/components/routers/queries/use-router-config";
import { routeColors } from "@/components/routers/route-colors";
import { UndeployWizard } from "@/components/routers/undeploy/undeploy-wizard";
import { cn } from "@/lib/utils/cn";
import { DeleteRouteDialog } from "./delete-route-dialog";
import { RouteFormDialog } from "./route-form-dialog";
import { ruleLabel } from "./usage";

type Open =
  | { kind: "add"; revision: number | null }
  | { kind: "edit"; route: Route; revision: number | null }
  | { kind: "delete"; route: string; revision: number | null }
  | { kind: "undeploy"; route: string | null }
  | null;

/** The draft's routes with what uses them; editors add, edit, delete and undeploy routes here. */
export function RoutesTab({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const config = useRouterConfig(project, router);
  const [open, setOpen] = useState<Open>(null);
  const hydrated = useHydrated();

  if (config.isPending) return <LoadingRows what="routes" rows={["h-9", "h-9", "h-9"]} />;
  if (config.isError) return <LoadFailed what="routes" error={config.error} onRetry={() => void config.refetch()} />;

  const { data: doc, revision } = config.data;
  const colors = routeColors(doc.routes.map((r) => r.name));
  const close = () => setOpen(null);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          Routes are the backends requests go to. Undeploying a route takes it out of every rule and gives its traffic to the others.
        </p>
        {canEdit ? (
          <div className="flex gap-2">
            <Button variant="outline" size="sm" onClick={() => setOpen({ kind: "undeploy", route: null })} disabled={!hydrated || doc.routes.length < 2}>
              <UnplugIcon aria-hidden="true" />
              Undeploy a route
            </Button>
            <Button size="sm" onClick={() => setOpen({ kind: "add", revision })} disabled={!hydrated}>
              <PlusIcon aria-hidden="true" />
              Add route
            </Button>
          </div>
        ) : null}
      </div>

      {doc.routes.length === 0 ? (
        <EmptyState icon={ServerIcon} title="No routes yet">
          A route is a backend URL that serves the model. Rules send traffic to routes, so a router needs at least one.
        </EmptyState>
      ) : (
        <Table>
          <caption className="sr-only">Routes of {router}</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>URL</TableHead>
              <TableHead className="text-right">Timeout</TableHead>
              <TableHead>Used by</TableHead>
              {canEdit ? (
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {doc.routes.map((route) => {
              const uses = routeUses(doc, route.name);
              return (
                <TableRow key={route.name} data-testid={`route-row-${route.name}`}>
                  <TableCell>
                    <span className="flex items-center gap-2 font-mono font-medium">
                      <span aria-hidden="true" className={cn("size-2.5 shrink-0 rounded-full", colors(route.name))} />
                      {route.name}
                    </span>
                  </TableCell>
                  <TableCell className="max-w-0 w-full">
                    {/* One line, cut at the end, rather than a URL broken into fragments; the whole URL is in the title and the Edit dialog. */}
                    <span className="block truncate font-mono text-xs" title={route.url} data-testid="route-url">
                      {route.url}
                    </span>
                  </TableCell>
                  <TableCell className="text-right tabular-nums whitespace-nowrap">{route.timeoutMs.toLocaleString("en-US")} ms</TableCell>
                  <TableCell>
                    {uses.length > 0 ? (
                      <ul className="flex flex-wrap gap-1" aria-label={`Rules using ${route.name}`}>
                        {uses.map((u) => (
                          <li key={u.rule}>
                            <Badge variant="outline" className="font-mono">
                              {ruleLabel(u.rule)}
                              {u.inSplit ? ` ${u.weight} %` : ""}
                              {u.shadowPercent !== null ? ` · shadow ${u.shadowPercent} %` : ""}
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <Badge variant="warning">unused</Badge>
                    )}
                  </TableCell>
                  {canEdit ? (
                    <TableCell className="text-right whitespace-nowrap">
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="sm" aria-label={`Edit route ${route.name}`} onClick={() => setOpen({ kind: "edit", route, revision })} disabled={!hydrated}>
                          <PencilIcon aria-hidden="true" />
                          <span className="sr-only xl:not-sr-only">Edit</span>
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Undeploy route ${route.name}`}
                          onClick={() => setOpen({ kind: "undeploy", route: route.name })}
                          disabled={!hydrated || doc.routes.length < 2}
                        >
                          <UnplugIcon aria-hidden="true" />
                          <span className="sr-only xl:not-sr-only">Undeploy</span>
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={`Delete route ${route.name}`}
                          onClick={() => setOpen({ kind: "delete", route: route.name, revision })}
                          disabled={!hydrated}
                        >
                          <Trash2Icon aria-hidden="true" />
                          <span className="sr-only xl:not-sr-only">Delete</span>
                        </Button>
                      </div>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      {open?.kind === "add" ? <RouteFormDialog project={project} router={router} route={null} revision={open.revision} onClose={close} /> : null}
      {open?.kind === "edit" ? <RouteFormDialog project={project} router={router} route={open.route} revision={open.revision} onClose={close} /> : null}
      {open?.kind === "delete" ? (
        <DeleteRouteDialog
          project={project}
          router={router}
          route={open.route}
          revision={open.revision}
          onClose={close}
          onUndeploy={(route) => setOpen({ kind: "undeploy", route })}
        />
      ) : null}
      {open?.kind === "undeploy" ? (
        <UndeployWizard project={project} router={router} initialRoute={open.route} document={doc} revision={revision} onClose={close} />
      ) : null}
    </div>
  );
}

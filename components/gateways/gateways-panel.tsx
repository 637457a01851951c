"use client";

import { ServerIcon } from "lucide-react";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { Timestamp } from "@/components/common/timestamp";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAge, GatewayStateBadge } from "@/components/gateways/gateway-state";
import { useGateways } from "@/components/gateways/queries/use-gateways";
import type { FleetGateway } from "@/components/gateways/types";

function SyncCell({ gateway }: { gateway: FleetGateway }) {
  if (gateway.inSync) return <Badge variant="success">in sync</Badge>;
  const shown = gateway.behind.slice(0, 3);
  return (
    <span className="flex flex-col gap-1">
      <Badge variant="warning">behind on {gateway.behindCount === 1 ? "1 router" : `${gateway.behindCount} routers`}</Badge>
      <ul className="text-xs text-muted-foreground">
        {shown.map((b) => (
          <li key={`${b.project}/${b.router}`} className="font-mono">
            {b.project}/{b.router}: {b.serving === null ? "not served" : `v${b.serving}`} · active {b.active === null ? "none" : `v${b.active}`}
          </li>
        ))}
        {gateway.behindCount > shown.length ? <li>and {gateway.behindCount - shown.length} more</li> : null}
      </ul>
    </span>
  );
}

/**
 * Every gateway registered in the database, like `istioctl proxy-status`: its heartbeat,
 * workers, Turnout version, and whether it serves every router's active version. A gateway
 * that misses a deploy (a lost notification, a version it refused) shows "behind" until it
 * catches up; one without heartbeats for three intervals shows "stale".
 */
export function GatewaysPanel() {
  const query = useGateways();
  if (query.isPending) return <LoadingRows what="gateways" />;
  if (query.isError) return <LoadFailed what="gateways" error={query.error} onRetry={() => void query.refetch()} />;
  const fleet = query.data;
  if (fleet.gateways.length === 0) {
    return (
      <EmptyState icon={ServerIcon} title="No gateway has registered">
        <p>
          Start one with <code className="font-mono">npm run gateway</code> against this console&apos;s database: it registers at start and heartbeats every few seconds.
        </p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="gateways-heading" className="flex flex-col gap-3">
      <h2 id="gateways-heading" className="text-lg font-semibold">
        All gateways
      </h2>
      <p className="text-sm text-muted-foreground" data-testid="fleet-summary">
        {fleet.live} live{fleet.stale > 0 ? `, ${fleet.stale} stale` : ""}
        {fleet.stopped > 0 ? `, ${fleet.stopped} stopped` : ""} · {fleet.inSync} of {fleet.live} live in sync
      </p>
      <Table data-testid="gateways-table">
        <TableHeader>
          <TableRow>
            <TableHead>Gateway</TableHead>
            <TableHead>State</TableHead>
            <TableHead>Versions</TableHead>
            <TableHead>Heartbeat</TableHead>
            <TableHead>Workers</TableHead>
            <TableHead>Turnout</TableHead>
            <TableHead>Started</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {fleet.gateways.map((g) => (
            <TableRow key={g.id} data-testid={`gateway-row-${g.port}`}>
              <TableCell>
                <span className="flex flex-col">
                  <span className="font-medium">{g.host}</span>
                  <span className="font-mono text-xs text-muted-foreground">
                    {g.address}:{g.port} · pid {g.pid}
                  </span>
                  <span className="font-mono text-xs text-muted-foreground" title="Where it serves /metrics">
                    {g.metricsUrl}
                  </span>
                </span>
              </TableCell>
              <TableCell>
                <GatewayStateBadge state={g.state} ageMs={g.heartbeatAgeMs} />
              </TableCell>
              <TableCell>
                <span className="flex flex-col gap-1">
                  <SyncCell gateway={g} />
                  <span className="text-xs text-muted-foreground">{g.routers === 1 ? "1 router" : `${g.routers} routers`}</span>
                </span>
              </TableCell>
              <TableCell className="tabular-nums">{formatAge(g.heartbeatAgeMs)} ago</TableCell>
              <TableCell className="tabular-nums">{g.workers}</TableCell>
              <TableCell className="font-mono text-xs">{g.turnoutVersion}</TableCell>
              <TableCell>
                <Timestamp date={new Date(g.startedAt)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

"use client";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatAge, GatewayStateBadge } from "@/components/gateways/gateway-state";
import { useRouterGateways } from "@/components/routers/queries/use-router-gateways";

/** The gateways serving this router, each with the version it serves against the active one. */
export function RouterGateways({ project, router }: { project: string; router: string }) {
  const query = useRouterGateways(project, router);
  if (!query.data) return null;
  const fleet = query.data;
  return (
    <Card className="p-4" data-testid="router-gateways">
      <h3 className="mb-2 text-sm font-semibold">
        Gateways{" "}
        <span className="font-normal text-muted-foreground">
          · {fleet.live} live{fleet.activeVersion !== null ? `, ${fleet.serving} serving v${fleet.activeVersion}` : ""}
        </span>
      </h3>
      {fleet.gateways.length === 0 ? (
        <p className="text-sm text-muted-foreground">No gateway has registered. Start one with <code className="font-mono">npm run gateway</code>.</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-muted-foreground">
            <tr>
              <th scope="col" className="py-1 font-medium">Gateway</th>
              <th scope="col" className="py-1 font-medium">Serves</th>
              <th scope="col" className="py-1 font-medium">State</th>
              <th scope="col" className="py-1 font-medium">Heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {fleet.gateways.map((g) => (
              <tr key={g.id} className="border-t" data-testid={`router-gateway-${g.port}`}>
                <td className="py-1">
                  {g.host} <span className="font-mono text-xs text-muted-foreground">{g.address}:{g.port}</span>
                  {g.workers > 1 ? <span className="text-xs text-muted-foreground"> · {g.workers} workers</span> : null}
                </td>
                <td className="py-1">
                  {g.version === null ? "—" : `v${g.version}`}{" "}
                  {g.state === "live" ? g.inSync ? <Badge variant="success">in sync</Badge> : <Badge variant="warning">behind</Badge> : null}
                </td>
                <td className="py-1">
                  <GatewayStateBadge state={g.state} ageMs={g.heartbeatAgeMs} />
                </td>
                <td className="py-1 tabular-nums">{formatAge(g.heartbeatAgeMs)} ago</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

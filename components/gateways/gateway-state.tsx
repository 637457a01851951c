import { Badge } from "@/components/ui/badge";
import type { FleetGateway } from "@/components/gateways/types";

/** "live", "stale (no heartbeat for 20 s)" or "stopped". */
export function GatewayStateBadge({ state, ageMs }: { state: FleetGateway["state"]; ageMs: number }) {
  if (state === "live") return <Badge variant="success">live</Badge>;
  if (state === "stopped") return <Badge variant="secondary">stopped</Badge>;
  return <Badge variant="destructive">stale · no heartbeat for {formatAge(ageMs)}</Badge>;
}

/** "0.4 s", "12 s", "3 min", "2 h". */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3600_000)} h`;
}

export function gatewayName(g: { host: string; address: string; port: number }): string {
  return `${g.host} (${g.address}:${g.port})`;
}

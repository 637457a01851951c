"use client";

import { Badge } from "@/components/ui/badge";
import { useRouterGateways } from "@/components/routers/queries/use-router-gateways";

/** "v7 served by 3 of 3 gateways", live: green once every live gateway serves the active version. */
export function ServedByBadge({ project, router }: { project: string; router: string }) {
  const query = useRouterGateways(project, router);
  const fleet = query.data;
  if (!fleet || fleet.activeVersion === null) return null;
  if (fleet.live === 0) {
    return (
      <Badge variant="secondary" data-testid="served-by">
        no live gateway
      </Badge>
    );
  }
  const all = fleet.serving === fleet.live;
  return (
    <Badge variant={all ? "success" : "warning"} data-testid="served-by" title={all ? "Every live gateway serves the active version" : "Some live gateways still serve an older version"}>
      v{fleet.activeVersion} served by {fleet.serving} of {fleet.live} {fleet.live === 1 ? "gateway" : "gateways"}
    </Badge>
  );
}

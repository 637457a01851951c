"use client";

import { ApiError } from "@/lib/api-client/fetch";
import { DEFAULT_REPLAY_SAMPLES } from "@/lib/replay/schema";
import { growingRoutes } from "@/lib/replay/impact";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { NewErrors } from "./new-errors";
import { useReplayImpact } from "./queries/use-replay-impact";
import { count, MatrixTable, RuleHitsTable, share, UncertainFields } from "./replay-tables";

type Props = { project: string; router: string; activeVersion: number | null; revision: number | null };

/**
 * The deploy dialog's "Impact on the last N recorded requests": the recorded traffic replayed
 * through the active version and the draft under review — route changes, rules that change
 * hits, new errors with examples to open in the simulator, routes whose load grows.
 */
export function DeployImpact({ project, router, activeVersion, revision }: Props) {
  const impact = useReplayImpact(project, router, { from: "active", to: "draft", limit: DEFAULT_REPLAY_SAMPLES, revision }, activeVersion !== null);
  const heading = (n: number | null) => (
    <h3 id="deploy-impact-heading" className="text-sm font-semibold">
      {n === null ? "Impact on recorded requests" : `Impact on the last ${count(n)} recorded ${n === 1 ? "request" : "requests"}`}
    </h3>
  );
  const body = () => {
    if (activeVersion === null) return <p className="text-sm text-muted-foreground">Nothing is deployed yet, so no traffic was recorded to replay.</p>;
    if (impact.isPending) return <Skeleton className="h-16 w-full" role="status" aria-label="Replaying recorded requests" />;
    if (impact.isError) {
      return (
        <p className="text-sm text-destructive" role="alert">
          The recorded requests could not be replayed: {impact.error instanceof ApiError ? impact.error.detail : "try again later"}.
        </p>
      );
    }
    const report = impact.data;
    if (report.total === 0) {
      return (
        <p className="text-sm text-muted-foreground" data-testid="deploy-impact-empty">
          No requests are recorded for this router yet. The gateway records a share of them (Settings → Recording) once a version is deployed.
        </p>
      );
    }
    const growing = growingRoutes(report);
    return (
      <div className="flex flex-col gap-3">
        <p className="text-sm" data-testid="deploy-impact-summary">
          <strong>{count(report.changed)}</strong> of {count(report.total)} requests ({share(report.changed, report.total)}) change route
          {report.stickyKeys.distinct > 0
            ? `; ${count(report.stickyKeys.changed)} of ${count(report.stickyKeys.distinct)} sticky ${report.stickyKeys.by === "slot" ? "slots" : "keys"} move`
            : ""}
          .{report.complete ? "" : " (The replay ran out of time: these figures cover part of the samples.)"}
        </p>
        {report.changed > 0 ? <MatrixTable report={report} movedOnly caption="Requests that change route, before and after" /> : null}
        <div className="flex flex-col gap-1">
          <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Rule hits that change</h4>
          <RuleHitsTable report={report} changedOnly />
        </div>
        <div className="flex flex-col gap-1">
          <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">New errors</h4>
          <NewErrors errors={report.newErrors} opener={{ kind: "link", project, router, version: "draft" }} maxExamples={3} />
        </div>
        {growing.length > 0 ? (
          <div className="flex flex-col gap-1" data-testid="deploy-impact-growth">
            <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Routes whose load grows by more than 20 %</h4>
            <ul className="flex flex-wrap gap-2 text-sm">
              {growing.map((g) => (
                <li key={g.route}>
                  <Badge variant="warning">
                    <span className="font-mono">{g.route}</span> {g.growth === null ? "new load" : `+${(g.growth * 100).toFixed(0)} %`} ({g.before.toFixed(1)} → {g.after.toFixed(1)} req/s)
                  </Badge>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <UncertainFields report={report} toLabel="the draft" fromLabel={`version ${activeVersion}`} />
      </div>
    );
  };
  return (
    <section aria-labelledby="deploy-impact-heading" className="flex flex-col gap-2" data-testid="deploy-impact">
      {heading(impact.data && impact.data.total > 0 ? impact.data.total : null)}
      {body()}
    </section>
  );
}

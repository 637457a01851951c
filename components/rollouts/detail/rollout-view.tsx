"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/common/page-header";
import { Timestamp } from "@/components/common/timestamp";
import type { RolloutDetail } from "@/lib/rollouts/schema";
import { useRollout } from "../queries/use-rollout";
import { RolloutStatusBadge } from "../rollout-status";
import { EvaluationsTable } from "./evaluations-table";
import { GateCharts } from "./gate-charts";
import { RolloutActions } from "./rollout-actions";
import { StageTimeline } from "./stage-timeline";

type Props = { project: string; projectTitle: string; router: string; canEdit: boolean; initial: RolloutDetail };

function where(r: RolloutDetail): string {
  if (r.status === "completed" || r.status === "aborted") return r.reason ?? r.status;
  if (r.status === "paused") return r.pause === "approval" ? `${r.stageLabel} passed its gates and waits for approval: resume to go on.` : "Paused: still evaluated (and aborted if its gates fail), but it does not advance.";
  const next = r.nextEvaluationAt ? ` Next evaluation at ${new Date(r.nextEvaluationAt).toISOString().slice(11, 19)} UTC.` : "";
  return `${r.stageLabel}: ${r.passes} of ${r.spec.gates.passesToAdvance} passed evaluations in a row, ${r.failures} of ${r.spec.gates.failureLimit} failed.${next}`;
}

/** A rollout's page: where it stands, its stages, each gate over time and every evaluation and event. */
export function RolloutView({ project, projectTitle, router, canEdit, initial }: Props) {
  const query = useRollout(project, router, initial.id, initial);
  const r = query.data ?? initial;
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href={`/projects/${project}`} className="hover:text-foreground hover:underline">
              {projectTitle}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link href={`/projects/${project}/routers/${router}?tab=rollouts`} className="font-mono hover:text-foreground hover:underline">
              {router}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="text-foreground">
            Rollout {r.id}
          </li>
        </ol>
      </nav>
      <PageHeader
        eyebrow={`Rollout on ${r.rule === "default" ? "the default rule" : `rule ${r.rule}`}`}
        title={
          <span>
            <span className="font-mono">{r.baseline}</span> → <span className="font-mono">{r.canary}</span>
          </span>
        }
        meta={
          <span className="flex flex-wrap items-center gap-1.5">
            <RolloutStatusBadge rollout={r} />
            <Badge variant="outline" data-testid="rollout-weight">
              canary {r.weight} %
            </Badge>
            <Badge variant="outline">
              from v{r.startVersion}
              {r.currentVersion !== null ? ` · now v${r.currentVersion}` : ""}
            </Badge>
          </span>
        }
        description={
          <div className="flex flex-col gap-1">
            {r.description ? <p className="text-foreground">{r.description}</p> : null}
            <p data-testid="rollout-where">{where(r)}</p>
            <p className="text-xs">
              Started by {r.createdBy} <Timestamp date={new Date(r.createdAt)} />
              {query.isError ? " (could not refresh)" : null}
            </p>
          </div>
        }
        actions={canEdit ? <RolloutActions project={project} router={router} rollout={r} /> : null}
      />
      <section aria-labelledby="stages-heading" className="flex flex-col gap-2">
        <h2 id="stages-heading" className="text-base font-semibold">
          Stages
        </h2>
        <StageTimeline rollout={r} />
      </section>
      <section aria-labelledby="gates-heading" className="flex flex-col gap-2">
        <h2 id="gates-heading" className="text-base font-semibold">
          Gates over time
        </h2>
        <GateCharts rollout={r} />
      </section>
      <section aria-labelledby="evaluations-heading" className="flex flex-col gap-2">
        <h2 id="evaluations-heading" className="text-base font-semibold">
          Evaluations
        </h2>
        <EvaluationsTable rollout={r} />
      </section>
      <section aria-labelledby="events-heading" className="flex flex-col gap-2">
        <h2 id="events-heading" className="text-base font-semibold">
          Events
        </h2>
        <ol className="flex flex-col gap-1 text-sm" data-testid="rollout-events">
          {[...r.events].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`} className="flex flex-wrap gap-2">
              <Timestamp date={new Date(e.at)} />
              <span className="font-mono text-xs">{e.kind}</span>
              <span className="text-muted-foreground">{e.actor}</span>
              <span>
                {e.detail}
                {e.version !== null && !e.detail.includes(`v${e.version}`) ? ` (v${e.version})` : ""}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

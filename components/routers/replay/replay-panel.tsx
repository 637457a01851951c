"use client";

import { useId, useState } from "react";
import type * as React from "react";
import { HistoryIcon, Loader2Icon } from "lucide-react";
import { ApiError } from "@/lib/api-client/fetch";
import { DEFAULT_REPLAY_SAMPLES, MAX_REPLAY_SAMPLES, type ReplayResponse } from "@/lib/replay/schema";
import type { RoutingRequest } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormError, NativeSelect } from "@/components/routers/form-controls";
import { useVersions } from "@/components/routers/queries/use-versions";
import type { SimulatorVersion } from "@/components/routers/simulator/request-link";
import { NewErrors } from "./new-errors";
import { useReplay } from "./queries/use-replay";
import type { ReplayParams } from "./queries/replay-request";
import { count, MatrixTable, ProjectedLoadTable, RuleHitsTable, share, UncertainFields } from "./replay-tables";

const WINDOWS = [
  { value: "all", label: "Everything stored", seconds: null },
  { value: "1h", label: "Last hour", seconds: 3600 },
  { value: "24h", label: "Last 24 hours", seconds: 86_400 },
  { value: "7d", label: "Last 7 days", seconds: 7 * 86_400 },
] as const;

type Props = {
  project: string;
  router: string;
  activeVersion: number | null;
  /** Opens an example request in the simulator above, against the draft or the active version. */
  onOpenExample: (request: RoutingRequest, version: SimulatorVersion) => void;
};

const label = (side: ReplayResponse["to"] | ReplayResponse["from"], active: number | null) =>
  "draft" in side && side.draft ? "the draft" : side.version === active ? `version ${side.version} (active)` : `version ${side.version}`;

/** The simulator's Replay panel: the router's recorded requests through any version against any other (or the draft). */
export function ReplayPanel({ project, router, activeVersion, onOpenExample }: Props) {
  const ids = { from: useId(), to: useId(), limit: useId(), window: useId() };
  const versions = useVersions(project, router);
  const numbers = versions.data?.pages.flatMap((p) => p.items.map((v) => v.number)) ?? [];
  const [from, setFrom] = useState("active");
  const [to, setTo] = useState("draft");
  const [limit, setLimit] = useState(String(DEFAULT_REPLAY_SAMPLES));
  const [span, setSpan] = useState<(typeof WINDOWS)[number]["value"]>("all");
  const [limitError, setLimitError] = useState<string | undefined>();
  const replay = useReplay(project, router);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_REPLAY_SAMPLES) {
      setLimitError(`A whole number from 1 to ${MAX_REPLAY_SAMPLES.toLocaleString("en-US")}.`);
      return;
    }
    setLimitError(undefined);
    const seconds = WINDOWS.find((w) => w.value === span)!.seconds;
    const params: ReplayParams = {
      from: from === "active" ? "active" : Number(from),
      to: to === "draft" || to === "active" ? to : Number(to),
      limit: n,
      ...(seconds !== null ? { since: new Date(Date.now() - seconds * 1000).toISOString() } : {}),
    };
    replay.mutate(params);
  };

  const report = replay.data;
  const fieldError = (path: string) => (replay.error instanceof ApiError ? replay.error.fieldError(path) : undefined);
  const otherError = replay.error && !(replay.error instanceof ApiError && replay.error.errors.length > 0) ? (replay.error instanceof ApiError ? replay.error.detail : "The replay failed. Try again.") : null;
  // Examples fail under the `to` side: the simulator decides with the draft or the active version only.
  const exampleVersion: SimulatorVersion | null = report ? (report.to.draft ? "draft" : report.to.version === activeVersion ? "active" : null) : null;

  return (
    <section aria-labelledby="replay-heading" className="flex flex-col gap-4 border-t pt-6" data-testid="replay-panel">
      <div className="flex flex-col gap-1">
        <h2 id="replay-heading" className="text-base font-semibold">
          Replay
        </h2>
        <p className="text-sm text-muted-foreground">
          Run the requests the gateways recorded through two versions and see which change route, which rules gain or lose hits, which start failing,
          and how load per route shifts.
        </p>
      </div>
      <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3" aria-label="Replay recorded requests">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.from} className="text-sm font-medium">
            From
          </label>
          <NativeSelect id={ids.from} className="w-48" value={from} onChange={(e) => setFrom(e.target.value)} disabled={activeVersion === null}>
            <option value="active">{activeVersion !== null ? `Active (v${activeVersion})` : "Active (none)"}</option>
            {numbers.filter((n) => n !== activeVersion).map((n) => (
              <option key={n} value={String(n)}>
                Version {n}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.to} className="text-sm font-medium">
            To
          </label>
          <NativeSelect id={ids.to} className="w-48" value={to} onChange={(e) => setTo(e.target.value)} disabled={activeVersion === null}>
            <option value="draft">Draft</option>
            <option value="active">{activeVersion !== null ? `Active (v${activeVersion})` : "Active (none)"}</option>
            {numbers.filter((n) => n !== activeVersion).map((n) => (
              <option key={n} value={String(n)}>
                Version {n}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.window} className="text-sm font-medium">
            Recorded
          </label>
          <NativeSelect id={ids.window} className="w-44" value={span} onChange={(e) => setSpan(e.target.value as typeof span)}>
            {WINDOWS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.limit} className="text-sm font-medium">
            Newest samples
          </label>
          <Input
            id={ids.limit}
            inputMode="numeric"
            className="w-32 tabular-nums"
            value={limit}
            aria-invalid={limitError || fieldError("limit") ? true : undefined}
            aria-describedby={limitError || fieldError("limit") ? `${ids.limit}-error` : undefined}
            onChange={(e) => setLimit(e.target.value)}
          />
        </div>
        <Button type="submit" disabled={activeVersion === null || replay.isPending}>
          {replay.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <HistoryIcon aria-hidden="true" />}
          Replay
        </Button>
        {limitError || fieldError("limit") ? (
          <p id={`${ids.limit}-error`} className="basis-full text-xs font-medium text-destructive">
            Newest samples: {limitError ?? fieldError("limit")}
          </p>
        ) : null}
      </form>
      {activeVersion === null ? <p className="text-sm text-muted-foreground">Nothing is deployed yet, so the gateway has recorded nothing to replay.</p> : null}
      <FormError>{otherError ?? (replay.error instanceof ApiError && replay.error.errors.length > 0 && !fieldError("limit") ? replay.error.detail : null)}</FormError>

      {report ? (
        <div className="flex flex-col gap-4" aria-live="polite" data-testid="replay-result">
          <p className="text-sm" data-testid="replay-summary">
            {report.total === 0 ? (
              "No recorded requests in this window."
            ) : (
              <>
                Replayed <strong>{count(report.total)}</strong> recorded requests from {label(report.from, activeVersion)} to {label(report.to, activeVersion)}:{" "}
                <strong>{count(report.changed)}</strong> ({share(report.changed, report.total)}) change route
                {report.stickyKeys.distinct > 0
                  ? `; ${count(report.stickyKeys.changed)} of ${count(report.stickyKeys.distinct)} sticky ${report.stickyKeys.by === "slot" ? "slots" : "keys"} move`
                  : ""}
                .{report.complete ? "" : " The replay ran out of time: the figures cover these requests only."}
              </>
            )}
          </p>
          {report.total > 0 ? (
            <div className="grid gap-6 xl:grid-cols-2">
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Before → after</h3>
                <MatrixTable report={report} caption="Where the recorded requests went, before and after" />
              </div>
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Rule hits</h3>
                <RuleHitsTable report={report} />
              </div>
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">New errors</h3>
                <NewErrors errors={report.newErrors} opener={exampleVersion ? { kind: "callback", open: (r) => onOpenExample(r, exampleVersion) } : null} />
              </div>
              <div className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Projected load</h3>
                <ProjectedLoadTable projected={report.projected} />
              </div>
            </div>
          ) : null}
          <UncertainFields report={report} toLabel={label(report.to, activeVersion)} fromLabel={label(report.from, activeVersion)} />
          <p className="text-xs text-muted-foreground">
            Server time: {report.timing.loadMs} ms reading the samples, {report.timing.decideMs} ms deciding.
          </p>
        </div>
      ) : null}
    </section>
  );
}

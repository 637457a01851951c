"use client";

import * as React from "react";
import { AlertTriangleIcon, CircleXIcon, LoaderIcon, ShieldCheckIcon } from "lucide-react";
import type { Finding } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils/cn";
import { diffFindings } from "./findings-index";

type FindingsPanelProps = {
  findings: Finding[] | null;
  /** The draft's own findings while a drag shows another order's. */
  current: Finding[] | null;
  dragging: boolean;
  checking: boolean;
  error: string | null;
  onShowFinding: (f: Finding) => void;
  onShowRule: (rule: string) => void;
};

const LIMIT = 30;

function FindingItem({ finding, onShowFinding, onShowRule, mark }: { finding: Finding; onShowFinding: (f: Finding) => void; onShowRule: (r: string) => void; mark?: "new" | "resolved" }) {
  const Icon = finding.severity === "error" ? CircleXIcon : AlertTriangleIcon;
  return (
    <li className={cn("flex gap-2 py-2 text-sm", mark === "resolved" && "opacity-70")} data-testid="finding" data-code={finding.code} data-severity={finding.severity}>
      <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", finding.severity === "error" ? "text-destructive" : "text-warning")} />
      <div className="flex min-w-0 flex-col gap-1">
        <p className={cn(mark === "resolved" && "line-through")}>
          <span className="sr-only">{finding.severity}: </span>
          {mark === "new" ? <Badge variant="outline" className="mr-1.5">new here</Badge> : null}
          {mark === "resolved" ? <Badge variant="outline" className="mr-1.5 no-underline">resolved here</Badge> : null}
          {finding.message}
        </p>
        <div className="flex flex-wrap items-center gap-1.5">
          {(finding.rules ?? []).map((rule) => (
            <Button key={rule} type="button" variant="link" size="sm" className="h-auto p-0 font-mono text-xs" onClick={() => onShowRule(rule)}>
              {rule}
            </Button>
          ))}
          {finding.witness ? (
            <Button type="button" variant="outline" size="sm" className="h-6 px-2 text-xs" onClick={() => onShowFinding(finding)}>
              Example request
            </Button>
          ) : null}
        </div>
      </div>
    </li>
  );
}

/**
 * Every finding of the analysis, with a count; while a card is dragged, the findings of the
 * order a drop would produce, with what it adds and resolves first.
 */
export function FindingsPanel({ findings, current, dragging, checking, error, onShowFinding, onShowRule }: FindingsPanelProps) {
  const [showAll, setShowAll] = React.useState(false);
  const errors = findings?.filter((f) => f.severity === "error").length ?? 0;
  const warnings = (findings?.length ?? 0) - errors;
  const diff = React.useMemo(() => (dragging && findings && current ? diffFindings(current, findings) : null), [dragging, findings, current]);
  const listed = findings ? (showAll ? findings : findings.slice(0, LIMIT)) : [];
  return (
    <section aria-labelledby="findings-heading" className="rounded-xl border bg-card p-4" data-testid="findings-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="findings-heading" className="text-base font-semibold">
          {dragging ? "Findings if dropped here" : "Findings"}
        </h2>
        <Badge variant={errors > 0 ? "destructive" : warnings > 0 ? "warning" : "success"} data-testid="findings-panel-count">
          {findings === null ? "…" : findings.length}
        </Badge>
        {findings !== null ? (
          <span className="text-sm text-muted-foreground">
            {errors} {errors === 1 ? "error" : "errors"}, {warnings} {warnings === 1 ? "warning" : "warnings"}
          </span>
        ) : null}
        {checking ? (
          <span className="inline-flex items-center gap-1 text-xs text-muted-foreground" role="status">
            <LoaderIcon aria-hidden="true" className="size-3 animate-spin" />
            checking
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-destructive">
          The analysis could not run: {error}
        </p>
      ) : null}
      {findings !== null && findings.length === 0 ? (
        <p className="mt-2 flex items-center gap-2 text-sm text-muted-foreground">
          <ShieldCheckIcon aria-hidden="true" className="size-4 text-success" />
          No overlaps, unreachable rules or other problems.
        </p>
      ) : null}
      {diff && (diff.added.length > 0 || diff.resolved.length > 0) ? (
        <ul className="mt-2 divide-y" aria-label="What a drop here changes" data-testid="findings-diff">
          {diff.added.slice(0, 10).map((f, i) => (
            <FindingItem key={`a${i}`} finding={f} mark="new" onShowFinding={onShowFinding} onShowRule={onShowRule} />
          ))}
          {diff.resolved.slice(0, 10).map((f, i) => (
            <FindingItem key={`r${i}`} finding={f} mark="resolved" onShowFinding={onShowFinding} onShowRule={onShowRule} />
          ))}
        </ul>
      ) : null}
      {!dragging && listed.length > 0 ? (
        <ul className="mt-2 divide-y" aria-label="Findings">
          {listed.map((f, i) => (
            <FindingItem key={i} finding={f} onShowFinding={onShowFinding} onShowRule={onShowRule} />
          ))}
        </ul>
      ) : null}
      {!dragging && findings !== null && findings.length > LIMIT ? (
        <Button type="button" variant="ghost" size="sm" className="mt-2" onClick={() => setShowAll(!showAll)}>
          {showAll ? "Show fewer" : `Show all ${findings.length} findings`}
        </Button>
      ) : null}
    </section>
  );
}

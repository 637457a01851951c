"use client";

import { ExternalLinkIcon } from "lucide-react";
import type { ReplayReport } from "@/lib/replay/schema";
import type { RoutingRequest } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { simulatorHref, type SimulatorVersion } from "@/components/routers/simulator/request-link";
import { count } from "./replay-tables";

/** How an example opens in the simulator: a link (a new tab, the dialog stays), or a callback on the same page. */
export type ExampleOpener =
  | { kind: "link"; project: string; router: string; version: SimulatorVersion }
  | { kind: "callback"; open: (request: RoutingRequest) => void };

const summary = (request: RoutingRequest) => {
  const text = JSON.stringify({ headers: request.headers, query: request.query, body: request.body });
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
};

/** Requests that succeed before and fail after, by error code, with example requests to open in the simulator. */
export function NewErrors({ errors, opener, maxExamples = 5 }: { errors: ReplayReport["newErrors"]; opener: ExampleOpener | null; maxExamples?: number }) {
  if (errors.length === 0) return <p className="text-sm text-muted-foreground" data-testid="replay-no-new-errors">No new errors.</p>;
  return (
    <ul className="flex flex-col gap-3" data-testid="replay-new-errors">
      {errors.map((e) => (
        <li key={e.code} className="flex flex-col gap-1.5 rounded-md border border-destructive/30 px-3 py-2">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <Badge variant="destructive">
              {e.status} {e.code}
            </Badge>
            <span>
              {count(e.count)} {e.count === 1 ? "request" : "requests"} that used to succeed
            </span>
          </p>
          <ol className="flex flex-col gap-1 text-xs" aria-label={`Examples of ${e.code}`}>
            {e.examples.slice(0, maxExamples).map((x, i) => (
              <li key={x.id ?? i} className="flex flex-wrap items-center gap-2">
                <code className="min-w-0 flex-1 truncate font-mono text-muted-foreground" title={JSON.stringify(x.request)}>
                  {summary(x.request)}
                </code>
                <span className="text-muted-foreground">was {x.before}</span>
                {opener?.kind === "link" ? (
                  <a
                    className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline"
                    href={simulatorHref(opener.project, opener.router, x.request, opener.version)}
                    target="_blank"
                    rel="noopener"
                  >
                    Open in the simulator
                    <ExternalLinkIcon aria-hidden="true" className="size-3" />
                  </a>
                ) : opener?.kind === "callback" ? (
                  <button type="button" className="font-medium text-primary underline-offset-4 hover:underline" onClick={() => opener.open(x.request)}>
                    Open in the simulator
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
          {e.examples.length > maxExamples ? (
            <p className="text-xs text-muted-foreground">
              {e.examples.length - maxExamples} more {e.examples.length - maxExamples === 1 ? "example" : "examples"} in the API&apos;s answer.
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

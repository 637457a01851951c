"use client";

import type { DisagreementView } from "@/lib/shadows/schema";
import { cn } from "@/lib/utils/cn";
import { jsonDiff } from "./json-diff";

const show = (value: unknown) => (value === undefined ? "(missing)" : typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value));
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

function Side({ text, same, side }: { text: string | null; same: boolean; side: "primary" | "shadow" }) {
  return (
    <td
      className={cn("px-2 align-top font-mono text-xs break-all whitespace-pre-wrap", !same && text !== null && (side === "primary" ? "bg-destructive/10" : "bg-success/10"))}
      data-changed={!same && text !== null ? "true" : undefined}
    >
      {!same && text !== null ? <span className="sr-only">{side === "primary" ? "primary only: " : "shadow only: "}</span> : null}
      {text ?? ""}
    </td>
  );
}

/** One stored disagreement: where the answers differ, the request, and both answers side by side. */
export function DisagreementDiff({ item }: { item: DisagreementView }) {
  const rows = jsonDiff(item.primary.body, item.shadow.body);
  const query = item.request.query ? `?${item.request.query}` : "";
  const headers = Object.entries(item.request.headers);
  return (
    <div className="flex flex-col gap-3" data-testid="disagreement-diff">
      <ul className="flex flex-col gap-1 text-sm" aria-label="Differing fields">
        {item.differences.map((d, i) => (
          <li key={i} data-testid="disagreement-field">
            <span className="font-mono font-medium">{d.field}</span>: {d.reason}
            {d.primary !== undefined || d.shadow !== undefined ? (
              <span className="text-muted-foreground">
                {" "}
                — primary <code className="font-mono">{show(d.primary)}</code>, shadow <code className="font-mono">{show(d.shadow)}</code>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted-foreground">Request</dt>
        <dd className="font-mono break-all">
          {item.request.method} {item.request.path}
          {query}
        </dd>
        {headers.length > 0 ? (
          <>
            <dt className="text-muted-foreground">Headers read by the rules</dt>
            <dd className="font-mono break-all">{headers.map(([k, v]) => `${k}: ${v}`).join(" · ")}</dd>
          </>
        ) : null}
        {item.request.body !== null ? (
          <>
            <dt className="text-muted-foreground">Body</dt>
            <dd className="max-h-24 overflow-auto font-mono break-all whitespace-pre-wrap">
              {item.request.body}
              {item.request.bodyTruncated ? " … (cut at 32 KiB)" : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="max-h-96 overflow-auto rounded-md border">
        <table className="w-full table-fixed text-xs">
          <caption className="sr-only">The primary&apos;s and the shadow&apos;s answers, line by line, keys sorted</caption>
          <thead className="sticky top-0 bg-background text-left">
            <tr className="border-b">
              <th scope="col" className="px-2 py-1 font-medium">
                Primary · {item.primary.status} · {ms(item.primary.latencyMs)}
                {item.primary.truncated ? " · cut at 32 KiB" : ""}
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                Shadow <span className="font-mono">{item.route}</span> · {item.shadow.status} · {ms(item.shadow.latencyMs)}
                {item.shadow.truncated ? " · cut at 32 KiB" : ""}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <Side text={row.left} same={row.same} side="primary" />
                <Side text={row.right} same={row.same} side="shadow" />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

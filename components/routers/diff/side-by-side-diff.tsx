import { EqualIcon } from "lucide-react";
import type { DocumentDiff } from "@/lib/versions/diff";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils/cn";
import { diffRows, type DiffChange, type DiffRow } from "./describe";

const CHANGE_BADGE: Record<DiffChange, { label: string; variant: "success" | "destructive" | "warning" | "secondary" }> = {
  added: { label: "added", variant: "success" },
  removed: { label: "removed", variant: "destructive" },
  changed: { label: "changed", variant: "warning" },
  moved: { label: "moved", variant: "secondary" },
};

function Lines({ lines, other, side }: { lines: string[] | null; other: string[] | null; side: "from" | "to" }) {
  if (!lines) return <span className="text-muted-foreground">—</span>;
  const otherSet = new Set(other ?? []);
  return (
    <ul className="flex flex-col gap-0.5">
      {lines.map((line, i) => {
        const differs = !otherSet.has(line);
        return (
          <li
            key={i}
            data-changed={differs ? "true" : undefined}
            className={cn(
              "rounded-sm px-1.5 py-0.5 font-mono text-xs break-all",
              differs && (side === "from" ? "bg-destructive/10 text-destructive" : "bg-success/10 text-success"),
            )}
          >
            {differs ? <span className="sr-only">{side === "from" ? "removed: " : "added: "}</span> : null}
            {line}
          </li>
        );
      })}
    </ul>
  );
}

const slug = (s: string) => s.toLowerCase().replace(/\s+/g, "-");

function Row({ row }: { row: DiffRow }) {
  const badge = CHANGE_BADGE[row.change];
  return (
    <tr className="border-b align-top last:border-0" data-testid={`diff-row-${slug(row.section)}-${slug(row.name)}`}>
      <th scope="row" className="px-3 py-2 text-left font-normal">
        <div className="flex flex-col gap-1">
          <span className="text-xs text-muted-foreground">{row.section}</span>
          <span className="font-mono text-sm font-medium break-all">{row.name}</span>
          <Badge variant={badge.variant}>{badge.label}</Badge>
        </div>
      </th>
      <td className="px-3 py-2">
        <Lines lines={row.from} other={row.to} side="from" />
      </td>
      <td className="px-3 py-2">
        <Lines lines={row.to} other={row.from} side="to" />
      </td>
    </tr>
  );
}

/**
 * A router diff in two columns, `from` on the left and `to` on the right: one row per
 * setting, route, audience or rule that differs, with the lines that changed highlighted.
 */
export function SideBySideDiff({ diff, fromLabel, toLabel, caption }: { diff: DocumentDiff; fromLabel: string; toLabel: string; caption: string }) {
  const rows = diffRows(diff);
  if (rows.length === 0) {
    return (
      <p className="flex items-center gap-2 rounded-md border border-dashed px-4 py-3 text-sm text-muted-foreground" data-testid="diff-identical">
        <EqualIcon aria-hidden="true" className="size-4" />
        No differences between {fromLabel} and {toLabel}.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-md border" data-testid="side-by-side-diff">
      <table className="w-full table-fixed text-sm">
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col className="w-40" />
          <col />
          <col />
        </colgroup>
        <thead className="border-b bg-muted/50">
          <tr>
            <th scope="col" className="px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground">
              What
            </th>
            <th scope="col" className="px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground">
              From: {fromLabel}
            </th>
            <th scope="col" className="px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground">
              To: {toLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={`${row.section}-${row.name}-${row.change}`} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

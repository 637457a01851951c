import { CircleAlertIcon, TriangleAlertIcon } from "lucide-react";
import type { Finding } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils/cn";

/** "2 errors · 1 warning" as badges; a clean draft says so. */
export function FindingsCount({ errors, warnings, className }: { errors: number; warnings: number; className?: string }) {
  if (errors === 0 && warnings === 0) {
    return (
      <Badge variant="outline" className={className} data-testid="findings-count">
        no findings
      </Badge>
    );
  }
  return (
    <span className={cn("inline-flex flex-wrap items-center gap-1", className)} data-testid="findings-count">
      {errors > 0 ? (
        <Badge variant="destructive">
          <CircleAlertIcon aria-hidden="true" />
          {errors} {errors === 1 ? "error" : "errors"}
        </Badge>
      ) : null}
      {warnings > 0 ? (
        <Badge variant="warning">
          <TriangleAlertIcon aria-hidden="true" />
          {warnings} {warnings === 1 ? "warning" : "warnings"}
        </Badge>
      ) : null}
    </span>
  );
}

/** The analysis findings, errors first, each with its message and where it points. */
export function FindingsList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="text-sm text-muted-foreground">The analysis found no problems.</p>;
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  return (
    <ul className="flex flex-col gap-2" aria-label="Findings" data-testid="findings-list">
      {sorted.map((f, i) => {
        const Icon = f.severity === "error" ? CircleAlertIcon : TriangleAlertIcon;
        return (
          <li
            key={`${f.code}-${f.path}-${i}`}
            className={cn(
              "flex gap-2 rounded-md border px-3 py-2 text-sm",
              f.severity === "error" ? "border-destructive/30 bg-destructive/5" : "border-warning/30 bg-warning/5",
            )}
          >
            <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", f.severity === "error" ? "text-destructive" : "text-warning")} />
            <div className="flex min-w-0 flex-col gap-0.5">
              <p>
                <span className="sr-only">{f.severity}: </span>
                {f.message}
              </p>
              <p className="font-mono text-xs text-muted-foreground">
                {f.code}
                {f.path ? ` · ${f.path}` : ""}
                {f.uncertain ? " · may overlap" : ""}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

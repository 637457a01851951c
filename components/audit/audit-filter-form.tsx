import Link from "next/link";
import { SearchIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils/cn";
import { isFiltered, type AuditFields } from "./audit-search";

type Props = {
  /** The page the form submits to (a GET, so the filtered view is a link). */
  action: string;
  fields: AuditFields;
  /** Whether the form invalid-marks the time fields. */
  invalid: { from: boolean; to: boolean };
  /** The administrators' log also filters by project. */
  withProject?: boolean;
};

export function AuditFilterForm({ action, fields, invalid, withProject = false }: Props) {
  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      method="get"
      action={action}
      className={cn("grid gap-3 sm:grid-cols-2 lg:items-end", withProject ? "lg:grid-cols-4" : "lg:grid-cols-[1fr_1fr_1fr_auto_auto_auto]")}
    >
      {withProject ? (
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audit-project">Project</Label>
          <Input id="audit-project" name="project" type="search" defaultValue={fields.project} placeholder="exact name, e.g. demo" />
        </div>
      ) : null}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-actor">Actor</Label>
        <Input id="audit-actor" name="actor" type="search" defaultValue={fields.actor} placeholder="e.g. alice@example.com, token:ci" />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-target">Target</Label>
        <Input id="audit-target" name="target" type="search" defaultValue={fields.target} placeholder="e.g. fraud-scorer" />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-router">Router</Label>
        <Input id="audit-router" name="router" type="search" defaultValue={fields.router} placeholder="exact name: its rules, routes, splits" />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-from">From (UTC)</Label>
        <Input id="audit-from" name="from" type="datetime-local" defaultValue={fields.from} aria-invalid={invalid.from || undefined} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-to">To (UTC)</Label>
        <Input id="audit-to" name="to" type="datetime-local" defaultValue={fields.to} aria-invalid={invalid.to || undefined} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          <SearchIcon aria-hidden="true" />
          Filter
        </Button>
        {isFiltered(fields) ? (
          <Button asChild variant="ghost">
            <Link href={action}>Clear</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}

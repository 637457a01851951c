import type * as React from "react";
import { cn } from "@/lib/utils/cn";

type PageHeaderProps = {
  title: React.ReactNode;
  /** Small line above the title, e.g. the kind of thing the page shows. */
  eyebrow?: React.ReactNode;
  description?: React.ReactNode;
  /** Badges or status shown beside the title. */
  meta?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
};

export function PageHeader({ title, eyebrow, description, meta, actions, className }: PageHeaderProps) {
  return (
    <div className={cn("flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between", className)}>
      <div className="flex min-w-0 flex-col gap-1.5">
        {eyebrow ? <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{eyebrow}</p> : null}
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
          {meta}
        </div>
        {description ? <div className="max-w-3xl text-sm text-muted-foreground">{description}</div> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}

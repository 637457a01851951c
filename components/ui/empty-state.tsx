import * as React from "react";
import type { LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils/cn";

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  icon: LucideIcon;
  title: React.ReactNode;
  /** Heading level that fits where the empty state sits in the page outline. */
  headingLevel?: "h1" | "h2" | "h3";
  action?: React.ReactNode;
};

function EmptyState({ icon: Icon, title, headingLevel: Heading = "h2", action, children, className, ...props }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn("flex flex-col items-center justify-center gap-3 rounded-xl border border-dashed px-6 py-10 text-center", className)}
      {...props}
    >
      <div className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground">
        <Icon aria-hidden="true" className="size-5" />
      </div>
      <Heading className="text-base font-semibold">{title}</Heading>
      {children ? <div className="max-w-md text-sm text-muted-foreground">{children}</div> : null}
      {action ? <div className="mt-1">{action}</div> : null}
    </div>
  );
}

export { EmptyState, type EmptyStateProps };

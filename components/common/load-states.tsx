"use client";

import type * as React from "react";
import { Loader2Icon, RotateCwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils/cn";
import { errorText } from "./error-text";

/** Placeholder rows while something loads; screen readers hear "Loading {what}…" once. */
export function LoadingRows({ what, rows = ["h-9", "h-9"], className, testId }: { what: string; rows?: readonly string[]; className?: string; testId?: string }) {
  return (
    <div aria-busy="true" className={cn("flex flex-col gap-2", className)} data-testid={testId}>
      <p className="sr-only" role="status">
        Loading {what}…
      </p>
      {rows.map((height, i) => (
        <Skeleton key={i} className={cn("w-full", height)} />
      ))}
    </div>
  );
}

/**
 * A box that will hold something once it arrives (a diff, a chart), saying what it waits
 * for instead of showing a blank grey shape.
 */
export function LoadingNote({ children, className, testId }: { children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <div
      role="status"
      data-testid={testId}
      className={cn("flex min-h-24 items-center justify-center gap-2 rounded-md border border-dashed bg-muted/40 p-4 text-sm text-muted-foreground", className)}
    >
      <Loader2Icon aria-hidden="true" className="size-4 animate-spin motion-reduce:animate-none" />
      <span>{children}</span>
    </div>
  );
}

/**
 * Something the page needs could not be loaded: what, why in the user's terms, and a retry.
 * Every list and tab says it the same way, so a user learns one place to look.
 */
export function LoadFailed({ what, error, onRetry, testId }: { what: string; error: unknown; onRetry: () => void; testId?: string }) {
  return (
    <div role="alert" data-testid={testId} className="flex flex-col items-start gap-3 rounded-xl border border-destructive/30 bg-destructive/5 p-5">
      <p className="font-medium text-destructive">The {what} could not be loaded.</p>
      <p className="text-sm text-muted-foreground">{errorText(error)}</p>
      <Button variant="outline" size="sm" onClick={onRetry}>
        <RotateCwIcon aria-hidden="true" />
        Try again
      </Button>
    </div>
  );
}

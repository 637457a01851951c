"use client";

import { RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * What a 412 means to a user: someone else changed the router since this view read it,
 * and nothing was saved. Reload fetches their version; the user re-applies their change
 * knowingly — we never overwrite silently.
 */
export function ConflictNotice({ onReload, what = "this router", detail, editsKept = false }: { onReload: () => void; what?: string; detail?: string; editsKept?: boolean }) {
  return (
    <div
      role="alert"
      data-testid="conflict-notice"
      className="flex flex-col gap-3 rounded-md border border-warning/40 bg-warning/10 px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="flex gap-2">
        <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-warning" />
        <div className="flex flex-col gap-0.5">
          <p className="font-medium">Someone else changed {what} since you opened it.</p>
          <p className="text-muted-foreground">
            {editsKept
              ? "Nothing was saved, so nothing of theirs was overwritten. Your edits are still in this form: reload to take in their version, then save again."
              : "Your change was not saved, so nothing of theirs was overwritten. Reload to see the current version, then make your change again."}
          </p>
          {detail ? <p className="text-xs text-muted-foreground">{detail}</p> : null}
        </div>
      </div>
      <Button type="button" variant="outline" size="sm" onClick={onReload}>
        <RefreshCwIcon aria-hidden="true" />
        Reload
      </Button>
    </div>
  );
}

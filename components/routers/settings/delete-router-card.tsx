"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2Icon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { ConfirmByNameDialog } from "@/components/common/confirm-by-name-dialog";
import { useDeleteRouter } from "@/components/routers/queries/use-delete-router";
import { useRouterConfig } from "@/components/routers/queries/use-router-config";
import { useRouterSummary } from "@/components/routers/queries/use-router-summary";

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Editors delete the router here, typing its name: what goes (draft, versions, service) and what stays (the audit log). */
export function DeleteRouterCard({ project, router }: { project: string; router: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const summary = useRouterSummary(project, router).data;
  const config = useRouterConfig(project, router).data;
  const remove = useDeleteRouter(project, router);
  const navigation = useRouter();
  return (
    <section aria-labelledby="delete-router-heading" className="flex max-w-3xl flex-col gap-3 rounded-xl border border-destructive/40 p-4" data-testid="delete-router-card">
      <h2 id="delete-router-heading" className="text-base font-semibold">
        Delete this router
      </h2>
      <p className="text-sm text-muted-foreground">The gateway stops serving it at once; its draft and every version are deleted. Its audit log stays.</p>
      <Button variant="destructive" className="w-fit" disabled={!summary || !config} onClick={() => setOpen(true)}>
        <Trash2Icon aria-hidden="true" />
        Delete router
      </Button>
      <ConfirmByNameDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setError(null);
        }}
        noun="router"
        name={router}
        testId="delete-router-dialog"
        pending={remove.isPending}
        error={error}
        onConfirm={() =>
          remove.mutate(config?.revision ?? null, {
            onSuccess: () => {
              toast.success(`Router ${router} deleted`);
              navigation.push(`/projects/${project}`);
            },
            onError: (e) =>
              setError(
                e instanceof ApiError && e.isConflict
                  ? "Someone changed this router since you loaded it; nothing was deleted. Reload to see their change, then decide."
                  : e instanceof ApiError
                    ? e.detail
                    : "The router could not be deleted; nothing changed.",
              ),
          })
        }
      >
        {summary ? (
          <>
            <p>
              <strong className="text-foreground">Deleted for good:</strong> the draft ({count(summary.rules, "rule", "rules")},{" "}
              {count(summary.routes, "route", "routes")}) and {count(summary.versions, "deployed version", "deployed versions")}
              {summary.activeVersion !== null ? `, including version ${summary.activeVersion}, which the gateways serve now: requests to it get 404 from then on` : ""}.
            </p>
            <p>
              <strong className="text-foreground">Kept:</strong> the project&apos;s audiences, and every audit event about this router, its rules and routes
              (find them on the Audit log by the router&apos;s name).
            </p>
          </>
        ) : null}
      </ConfirmByNameDialog>
    </section>
  );
}

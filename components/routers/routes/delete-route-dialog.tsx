"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, Trash2Icon, UnplugIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { FormError } from "@/components/routers/form-controls";
import { useDeleteRoute } from "@/components/routers/queries/use-delete-route";

type Props = {
  project: string;
  router: string;
  route: string;
  revision: number | null;
  onClose: () => void;
  /** Opens the undeploy wizard for this route (offered when the delete is refused because rules use it). */
  onUndeploy: (route: string) => void;
};

/** Deletes an unused route. The server refuses (409) while a rule or shadow uses it: we say why and offer Undeploy. */
export function DeleteRouteDialog({ project, router, route, revision, onClose, onUndeploy }: Props) {
  const client = useQueryClient();
  const remove = useDeleteRoute(project, router);
  const [base, setBase] = useState(revision);
  const error = remove.error instanceof ApiError ? remove.error : null;
  const inUse = error?.status === 409;

  const confirm = () =>
    remove.mutate(
      { name: route, revision: base },
      {
        onSuccess: () => {
          toast.success(`Route ${route} deleted from the draft`);
          onClose();
        },
      },
    );

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent data-testid="delete-route-dialog">
        <DialogHeader>
          <DialogTitle>Delete route {route}?</DialogTitle>
          <DialogDescription>
            The route leaves the draft; the gateway keeps serving it until the draft is deployed. A route that rules still use cannot be
            deleted: undeploy it instead, which moves its traffic to the other routes.
          </DialogDescription>
        </DialogHeader>
        {error?.isConflict ? (
          <ConflictNotice
            onReload={async () => {
              await client.invalidateQueries({ queryKey: keys.router(project, router) });
              const fresh = client.getQueryData<{ revision: number | null }>(keys.config(project, router));
              setBase(fresh?.revision ?? null);
              remove.reset();
            }}
          />
        ) : null}
        {inUse ? (
          <div role="alert" data-testid="route-in-use" className="flex flex-col gap-3 rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm">
            <p className="text-destructive">{error.detail}</p>
            <Button type="button" variant="outline" size="sm" className="w-fit" onClick={() => onUndeploy(route)}>
              <UnplugIcon aria-hidden="true" />
              Undeploy {route} instead
            </Button>
          </div>
        ) : null}
        {error && !inUse && !error.isConflict ? <FormError>{error.detail}</FormError> : null}
        {remove.error && !error ? <FormError>The route could not be deleted. Try again.</FormError> : null}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="button" variant="destructive" onClick={confirm} disabled={remove.isPending || inUse || Boolean(error?.isConflict)}>
            {remove.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <Trash2Icon aria-hidden="true" />}
            Delete route
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

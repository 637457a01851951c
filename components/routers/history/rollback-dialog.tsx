"use client";

import { useId, useState } from "react";
import type * as React from "react";
import { Loader2Icon, UndoIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field, FormError } from "@/components/routers/form-controls";
import { useRollback } from "@/components/routers/queries/use-rollback";

type Props = { project: string; router: string; version: number; nextNumber: number; onClose: () => void };

/** Confirms a rollback: version N is deployed again, as version M, with its slot tables. */
export function RollbackDialog({ project, router, version, nextNumber, onClose }: Props) {
  const messageId = useId();
  const [message, setMessage] = useState("");
  const rollback = useRollback(project, router);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    rollback.mutate(
      { version, message: message.trim() || undefined },
      {
        onSuccess: ({ version: created }) => {
          toast.success(`Rolled back to version ${version}: version ${created} is active`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && !rollback.isPending && onClose()}>
      <DialogContent role="alertdialog" data-testid="rollback-dialog">
        <form onSubmit={submit} className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>Roll back to version {version}?</DialogTitle>
            <DialogDescription>
              It becomes version {nextNumber}; sticky keys go back to where they were. The gateway switches as soon as it is deployed. Your draft is not
              changed, so it will show as having undeployed changes if it differs.
            </DialogDescription>
          </DialogHeader>
          <Field id={messageId} label="Message (optional)" hint={`Defaults to “Rollback to version ${version}”.`}>
            {(aria) => <Input {...aria} maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} />}
          </Field>
          <FormError>{rollback.error ? (rollback.error instanceof ApiError ? rollback.error.detail : "The rollback failed; nothing changed.") : null}</FormError>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={rollback.isPending}>
              Cancel
            </Button>
            <Button type="submit" disabled={rollback.isPending} data-testid="rollback-confirm">
              {rollback.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <UndoIcon aria-hidden="true" />}
              Roll back to v{version}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

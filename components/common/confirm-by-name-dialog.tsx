"use client";

import { useId, useState } from "react";
import type * as React from "react";
import { Loader2Icon, Trash2Icon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What is deleted, e.g. "router", and its name, which the user types to confirm. */
  noun: string;
  name: string;
  /** What goes and what stays. */
  children: React.ReactNode;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  testId: string;
};

/**
 * A deletion that cannot be undone, confirmed by typing the name of what goes: the
 * button stays disabled until the name matches exactly, so a stray click or Enter
 * deletes nothing.
 */
export function ConfirmByNameDialog({ open, onOpenChange, noun, name, children, pending, error, onConfirm, testId }: Props) {
  const inputId = useId();
  const [typed, setTyped] = useState("");
  const matches = typed === name;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (!next) setTyped("");
        onOpenChange(next);
      }}
    >
      <DialogContent role="alertdialog" data-testid={testId}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (matches && !pending) onConfirm();
          }}
        >
          <DialogHeader>
            <DialogTitle>
              Delete {noun} <span className="font-mono">{name}</span>?
            </DialogTitle>
            <DialogDescription asChild>
              <div className="flex flex-col gap-2 text-sm text-muted-foreground">{children}</div>
            </DialogDescription>
          </DialogHeader>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={inputId}>
              Type <span className="font-mono font-semibold">{name}</span> to confirm
            </Label>
            <Input id={inputId} autoComplete="off" spellCheck={false} className="font-mono" value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
          {error ? (
            <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" disabled={pending} onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={!matches || pending}>
              {pending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <Trash2Icon aria-hidden="true" />}
              Delete {noun}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

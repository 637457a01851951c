"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** Asks before a rule is deleted (the draft changes; the active version is untouched until a deploy). */
export function DeleteRuleDialog({ rule, onOpenChange, onConfirm }: { rule: string | null; onOpenChange: (open: boolean) => void; onConfirm: (rule: string) => void }) {
  return (
    <Dialog open={rule !== null} onOpenChange={onOpenChange}>
      <DialogContent data-testid="delete-rule-dialog">
        <DialogHeader>
          <DialogTitle>
            Delete rule <span className="font-mono">{rule}</span>?
          </DialogTitle>
          <DialogDescription>
            Requests it matched will go to the next rule that matches them, or to the default rule. The change is made to the draft; the gateway keeps
            serving the active version until you deploy.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" onClick={() => rule && onConfirm(rule)}>
            Delete rule
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

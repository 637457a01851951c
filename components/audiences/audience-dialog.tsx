"use client";

import { FormErrorSummary } from "@/components/common/form-error-summary";
import * as React from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { conditionPatternErrors } from "@/lib/engine";
import type { Condition } from "@/lib/router/document";
import { audienceCreateSchema, audienceUpdateSchema } from "@/lib/routers/schema";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ConditionBuilder } from "@/components/conditions/condition-builder";
import { emptyCondition } from "@/components/conditions/condition-draft";
import { fieldErrorsOf, NO_ERRORS, unplacedErrors, zodFieldErrors, type FieldErrors } from "@/components/conditions/field-errors";
import type { AudienceView } from "./queries/audience-types";
import { useSaveAudience } from "./queries/use-save-audience";

export type AudienceDialogMode = { kind: "create" } | { kind: "edit"; audience: AudienceView };

type AudienceDialogProps = {
  project: string;
  mode: AudienceDialogMode | null;
  onOpenChange: (open: boolean) => void;
  onReload: () => void;
};

/** Create an audience, or change one (which changes every rule that uses it, in every router). */
export function AudienceDialog({ project, mode, onOpenChange, onReload }: AudienceDialogProps) {
  const [openCount, setOpenCount] = React.useState(0);
  const [lastMode, setLastMode] = React.useState(mode);
  if (mode !== lastMode) {
    setLastMode(mode);
    if (mode !== null) setOpenCount(openCount + 1);
  }
  const shown = mode ?? lastMode;
  return (
    <Dialog open={mode !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-3xl" data-testid="audience-dialog" onInteractOutside={(e) => e.preventDefault()}>
        {shown ? <AudienceForm key={openCount} project={project} mode={shown} onDone={() => onOpenChange(false)} onReload={onReload} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function AudienceForm({ project, mode, onDone, onReload }: { project: string; mode: AudienceDialogMode; onDone: () => void; onReload: () => void }) {
  const editing = mode.kind === "edit" ? mode.audience : null;
  const [name, setName] = React.useState(editing?.name ?? "");
  const [description, setDescription] = React.useState(editing?.description ?? "");
  const [conditions, setConditions] = React.useState<Condition[]>(editing?.conditions ?? [emptyCondition()]);
  const [errors, setErrors] = React.useState<FieldErrors>(NO_ERRORS);
  const [formError, setFormError] = React.useState<string | null>(null);
  const [conflict, setConflict] = React.useState(false);
  const save = useSaveAudience(project);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = editing ? audienceUpdateSchema.safeParse({ description, conditions }) : audienceCreateSchema.safeParse({ name, description, conditions });
    const local = { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...conditionPatternErrors(conditions) };
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFormError("Fix the highlighted fields.");
      return;
    }
    setErrors(NO_ERRORS);
    setFormError(null);
    setConflict(false);
    try {
      await save.mutateAsync(editing ? { mode: "edit", name: editing.name, revision: editing.revision, description, conditions } : { mode: "create", name, description, conditions });
      toast.success(editing ? `Audience ${editing.name} saved` : `Audience ${name} created`, {
        description: editing && editing.usedBy.length > 0 ? `The ${editing.usedBy.length === 1 ? "rule" : `${editing.usedBy.length} rules`} using it changed too.` : undefined,
      });
      onDone();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      if (error instanceof ApiError && error.isConflict) {
        setConflict(true);
        setFormError("Someone else changed this audience — reload to see their version, then make your change again.");
      } else setFormError(error instanceof ApiError ? error.detail : String(error));
    }
  };

  const summary = unplacedErrors(errors, (p) => p === "name" || p === "description" || /^conditions\.\d+(\.|$)/.test(p));
  const routers = editing ? [...new Set(editing.usedBy.map((u) => u.router))] : [];

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-5" aria-busy={save.isPending}>
      <DialogHeader>
        <DialogTitle className={editing ? "font-mono" : undefined}>{editing ? `Edit audience ${editing.name}` : "New audience"}</DialogTitle>
        <DialogDescription>
          {editing && editing.usedBy.length > 0
            ? `Used by ${editing.usedBy.length} ${editing.usedBy.length === 1 ? "rule" : "rules"} in ${routers.length} ${routers.length === 1 ? "router" : "routers"} (${routers.join(", ")}): saving changes what they match in their drafts.`
            : "A named set of conditions (all must hold) that rules in any router of this project can use."}
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audience-name">Name</Label>
          <Input
            id="audience-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            readOnly={editing !== null}
            autoComplete="off"
            spellCheck={false}
            placeholder="new-york"
            className="font-mono read-only:bg-muted/50"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "audience-name-error" : undefined}
          />
          {errors.name ? (
            <p id="audience-name-error" className="text-xs text-destructive">
              {errors.name}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="audience-description">Description</Label>
          <Input
            id="audience-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="Users in New York aged 10 to 30"
            aria-invalid={errors.description ? true : undefined}
          />
          {errors.description ? <p className="text-xs text-destructive">{errors.description}</p> : null}
        </div>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Conditions (all must hold)</legend>
        <ConditionBuilder id="audience" conditions={conditions} onChange={setConditions} errors={errors} emptyText="An audience needs at least one condition." />
      </fieldset>
      <FormErrorSummary message={formError} items={summary} testId="audience-form-error">
        {conflict ? (
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => {
                onReload();
                onDone();
              }}
            >
              Reload
            </Button>
          ) : null}
      </FormErrorSummary>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={save.isPending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : editing ? "Save" : "Create audience"}
        </Button>
      </DialogFooter>
    </form>
  );
}

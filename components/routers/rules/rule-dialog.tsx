"use client";

import { FormErrorSummary } from "@/components/common/form-error-summary";
import * as React from "react";
import Link from "next/link";
import { toast } from "sonner";
import { conditionPatternErrors } from "@/lib/engine";
import { ApiError } from "@/lib/api-client/fetch";
import type { Audience, Condition, DefaultRule, RouterDocument, Rule, Shadow, SplitEntry, Strategy } from "@/lib/router/document";
import { defaultRuleUpdateSchema, ruleCreateSchema, ruleUpdateSchema } from "@/lib/routers/schema";
import { withCanary } from "@/lib/routers/weights";
import { Button } from "@/components/ui/button";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { reloadDraft } from "@/components/routers/queries/draft-cache";
import { useQueryClient } from "@tanstack/react-query";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ConditionList } from "@/components/conditions/condition-chip";
import { ConditionBuilder } from "@/components/conditions/condition-builder";
import { errorAt, fieldErrorsOf, NO_ERRORS, unplacedErrors, zodFieldErrors, type FieldErrors } from "@/components/conditions/field-errors";
import { NativeSelect } from "@/components/ui/native-select";
import type { AudienceView } from "@/components/audiences/queries/audience-types";
import { useAudiences } from "@/components/audiences/queries/use-audiences";
import type { RouteColors } from "@/components/routers/route-colors";
import { useActiveVersion } from "./queries/use-active-version";
import { useSaveDefaultRule } from "./queries/use-save-default-rule";
import { useSaveRule } from "./queries/use-save-rule";
import { ShadowSliders } from "./shadow-sliders";
import { StickyImpactNote } from "./sticky-impact-note";
import { TrafficSliders } from "./traffic-sliders";

/** `promote`: open with that shadow route added to the split as a canary (from the Traffic tab). */
export type RuleDialogMode = { kind: "create" } | { kind: "edit"; name: string; promote?: string } | { kind: "default"; promote?: string };

/** The canary share a promoted shadow starts at, in hundredths. */
const PROMOTED_SHARE = 500;

type RuleDialogProps = {
  project: string;
  router: string;
  doc: RouterDocument;
  colors: RouteColors;
  mode: RuleDialogMode | null;
  onOpenChange: (open: boolean) => void;
};

/** Create or edit a rule (or the default rule) in a dialog; nothing is written until Save. */
export function RuleDialog({ project, router, doc, colors, mode, onOpenChange }: RuleDialogProps) {
  const [openCount, setOpenCount] = React.useState(0);
  const [lastMode, setLastMode] = React.useState(mode);
  if (mode !== lastMode) {
    setLastMode(mode);
    if (mode !== null) setOpenCount(openCount + 1);
  }
  const shown = mode ?? lastMode;
  // Whether the form holds edits not saved yet, and whether a save is on its way.
  const state = React.useRef({ dirty: false, saving: false });
  const [confirming, setConfirming] = React.useState(false);
  const report = React.useCallback((s: { dirty: boolean; saving: boolean }) => {
    state.current = s;
  }, []);
  // Escape, the close button and Cancel all come here: unsaved edits are never dropped silently.
  const requestClose = () => {
    if (state.current.saving) return;
    if (state.current.dirty) setConfirming(true);
    else onOpenChange(false);
  };
  return (
    <Dialog open={mode !== null} onOpenChange={(open) => (open ? onOpenChange(true) : requestClose())}>
      <DialogContent className="sm:max-w-3xl" data-testid="rule-dialog" onInteractOutside={(e) => e.preventDefault()}>
        {shown ? (
          <RuleForm key={openCount} project={project} router={router} doc={doc} colors={colors} mode={shown} report={report} onCancel={requestClose} onDone={() => onOpenChange(false)} />
        ) : null}
        <AlertDialog open={confirming} onOpenChange={setConfirming}>
          <AlertDialogContent data-testid="discard-rule-dialog">
            <AlertDialogHeader>
              <AlertDialogTitle>Discard your changes?</AlertDialogTitle>
              <AlertDialogDescription>
                {shown?.kind === "create" ? "The new rule has not been created." : "Your changes to this rule have not been saved."} Discarding them cannot be undone.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Keep editing</AlertDialogCancel>
              <AlertDialogAction
                onClick={() => {
                  state.current.dirty = false;
                  onOpenChange(false);
                }}
              >
                Discard changes
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </DialogContent>
    </Dialog>
  );
}

/** The rule's fields as one comparable value, to tell whether anything was edited. */
const fingerprint = (v: { name: string; audience: string; conditions: Condition[]; strategy: Strategy; split: SplitEntry[]; shadows: Shadow[] }) => JSON.stringify(v);

function initialBody(doc: RouterDocument, mode: RuleDialogMode): { rule: Rule | null; body: DefaultRule } {
  const promoted = (body: DefaultRule): DefaultRule =>
    mode.kind !== "create" && mode.promote ? { ...body, split: withCanary(body.split, mode.promote, PROMOTED_SHARE) } : body;
  if (mode.kind === "edit") {
    const rule = doc.rules.find((r) => r.name === mode.name);
    if (rule) return { rule, body: promoted(rule) };
  }
  if (mode.kind === "default" && doc.defaultRule) return { rule: null, body: promoted(doc.defaultRule) };
  const first = doc.routes[0]?.name;
  return { rule: null, body: { strategy: "random", split: first ? [{ route: first, weight: 100 }] : [], shadows: [] } };
}

/** Problems the server would report, found before asking it: the same schemas, RE2 syntax and a name already taken. */
function localErrors(mode: RuleDialogMode, candidate: Rule | DefaultRule, doc: RouterDocument): FieldErrors {
  const schema = mode.kind === "default" ? defaultRuleUpdateSchema : mode.kind === "create" ? ruleCreateSchema : ruleUpdateSchema;
  const parsed = schema.safeParse(candidate);
  const errors: Record<string, string> = parsed.success ? {} : { ...zodFieldErrors(parsed.error) };
  if ("conditions" in candidate) {
    for (const [path, message] of Object.entries(conditionPatternErrors(candidate.conditions))) errors[path] ??= message;
  }
  if ("name" in candidate && !errors.name) {
    const original = mode.kind === "edit" ? mode.name : null;
    if (candidate.name !== original && doc.rules.some((r) => r.name === candidate.name)) errors.name = `rule '${candidate.name}' already exists`;
  }
  return errors;
}

const PLACED = [/^name$/, /^audience$/, /^conditions\.\d+(\.|$)/, /^split(\.|$)/, /^shadows\.\d+(\.|$)/];

type RuleFormProps = {
  project: string;
  router: string;
  doc: RouterDocument;
  colors: RouteColors;
  mode: RuleDialogMode;
  /** Tells the dialog whether the form holds unsaved edits and whether a save is running. */
  report: (state: { dirty: boolean; saving: boolean }) => void;
  onCancel: () => void;
  onDone: () => void;
};

function RuleForm({ project, router, doc, colors, mode, report, onCancel, onDone }: RuleFormProps) {
  const initial = React.useMemo(() => initialBody(doc, mode), [doc, mode]);
  const isDefault = mode.kind === "default";
  const [name, setName] = React.useState(initial.rule?.name ?? "");
  const [audience, setAudience] = React.useState(initial.rule?.audience ?? "");
  const [conditions, setConditions] = React.useState<Condition[]>(initial.rule?.conditions ?? []);
  const [strategy, setStrategy] = React.useState<Strategy>(initial.body.strategy);
  const [split, setSplit] = React.useState<SplitEntry[]>(initial.body.split);
  const [shadows, setShadows] = React.useState<Shadow[]>(initial.body.shadows);
  const [errors, setErrors] = React.useState<FieldErrors>(NO_ERRORS);
  const [formError, setFormError] = React.useState<string | null>(null);
  const [conflict, setConflict] = React.useState(false);
  const qc = useQueryClient();

  const audiences = useAudiences(project, { enabled: !isDefault });
  const active = useActiveVersion(project, router);
  const saveRule = useSaveRule(project, router);
  const saveDefault = useSaveDefaultRule(project, router);
  const saving = saveRule.isPending || saveDefault.isPending;
  const [pristine] = React.useState(() =>
    fingerprint({ name, audience, conditions, strategy, split, shadows }),
  );
  const dirty = fingerprint({ name, audience, conditions, strategy, split, shadows }) !== pristine;
  React.useEffect(() => report({ dirty, saving }), [report, dirty, saving]);
  const routes = doc.routes.map((r) => r.name);
  const chosen: Audience | AudienceView | undefined = audience ? (audiences.data?.find((a) => a.name === audience) ?? doc.audiences.find((a) => a.name === audience)) : undefined;
  const title = mode.kind === "create" ? "New rule" : mode.kind === "edit" ? `Edit rule ${mode.name}` : "Edit the default rule";
  const promoting = mode.kind === "create" ? undefined : mode.promote;
  const alreadyInSplit = promoting !== undefined && (initial.rule ?? doc.defaultRule)?.split.some((s) => s.route === promoting);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const body: DefaultRule = { strategy, split, shadows };
    const original = initial.rule ?? (isDefault ? doc.defaultRule : undefined);
    // A slot table carried by the draft stays only while the split it describes is unchanged.
    if (original?.slots && original.strategy === strategy && JSON.stringify(original.split) === JSON.stringify(split)) body.slots = original.slots;
    const candidate: Rule | DefaultRule = isDefault ? body : { name, ...(audience ? { audience } : {}), conditions, ...body };
    const local = localErrors(mode, candidate, doc);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFormError("Fix the highlighted fields.");
      return;
    }
    setErrors(NO_ERRORS);
    setFormError(null);
    setConflict(false);
    try {
      if (isDefault) await saveDefault.mutateAsync(body);
      else {
        const rule = candidate as Rule;
        const known = doc.audiences.some((a) => a.name === audience);
        const shared = audience && !known ? audiences.data?.find((a) => a.name === audience) : undefined;
        const newAudience: Audience | undefined = shared ? { name: shared.name, ...(shared.description ? { description: shared.description } : {}), conditions: shared.conditions } : undefined;
        await saveRule.mutateAsync({ original: mode.kind === "edit" ? mode.name : undefined, rule, newAudience });
      }
      toast.success(isDefault ? "Default rule saved" : `Rule ${name} saved`);
      report({ dirty: false, saving: false });
      onDone();
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      // A conflict is explained (with Reload) inside the dialog, which keeps the user's edits.
      if (error instanceof ApiError && error.isConflict) setConflict(true);
      else setFormError(error instanceof ApiError ? error.detail : String(error));
    }
  };

  const summary = unplacedErrors(errors, (p) => PLACED.some((re) => re.test(p)) && !(isDefault && /^(name|audience|conditions)/.test(p)));
  const nameError = errors.name;
  const audienceError = errors.audience;

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-5" aria-busy={saving}>
      <DialogHeader>
        <DialogTitle className={mode.kind === "edit" ? "font-mono" : undefined}>{title}</DialogTitle>
        <DialogDescription>
          {isDefault
            ? "The default rule takes every request no rule matches. It has no conditions."
            : "A request goes to the first rule whose conditions all hold (and its audience's). Changes go to the draft; deploy to serve them."}
        </DialogDescription>
      </DialogHeader>

      {!isDefault ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="rule-name">Name</Label>
            <Input
              id="rule-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="eu-canary"
              className="font-mono"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? "rule-name-error" : "rule-name-help"}
            />
            {nameError ? (
              <p id="rule-name-error" className="text-xs text-destructive">
                {nameError}
              </p>
            ) : (
              <p id="rule-name-help" className="text-xs text-muted-foreground">
                Lowercase letters, digits and dashes.
              </p>
            )}
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="rule-audience">Audience</Label>
            <NativeSelect
              id="rule-audience"
              value={audience}
              onChange={(e) => setAudience(e.target.value)}
              aria-invalid={audienceError ? true : undefined}
              aria-describedby={audienceError ? "rule-audience-error" : "rule-audience-help"}
            >
              <option value="">None</option>
              {(audiences.data ?? []).map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name}
                </option>
              ))}
              {audience && !audiences.data?.some((a) => a.name === audience) ? <option value={audience}>{audience}</option> : null}
            </NativeSelect>
            {audienceError ? (
              <p id="rule-audience-error" className="text-xs text-destructive">
                {audienceError}
              </p>
            ) : (
              <p id="rule-audience-help" className="text-xs text-muted-foreground">
                {audiences.isError ? "The project's audiences could not be loaded." : "A named condition set shared across routers; ANDed with the conditions below. "}
                <Link href={`/projects/${encodeURIComponent(project)}/audiences`} className="underline underline-offset-4">
                  Manage audiences
                </Link>
              </p>
            )}
            {chosen ? <ConditionList conditions={chosen.conditions} className="mt-1" /> : null}
          </div>
        </div>
      ) : null}

      {!isDefault ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">Conditions (all must hold)</legend>
          <ConditionBuilder
            id="rule"
            conditions={conditions}
            onChange={setConditions}
            errors={errors}
            emptyText={audience ? "No conditions of its own: the audience's conditions decide." : "No conditions: this rule matches every request, so every rule after it is unreachable."}
          />
        </fieldset>
      ) : null}

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Strategy</legend>
        <div className="flex flex-wrap gap-4" role="radiogroup" aria-label="Strategy">
          {(["random", "sticky"] as const).map((s) => (
            <label key={s} className="flex cursor-pointer items-start gap-2 text-sm">
              <input type="radio" name="strategy" value={s} checked={strategy === s} onChange={() => setStrategy(s)} className="mt-0.5 size-4 accent-primary" />
              <span>
                <span className="font-medium capitalize">{s}</span>
                <span className="block text-xs text-muted-foreground">
                  {s === "random" ? "Each request draws a route independently." : "The same key always reaches the same route."}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {promoting ? (
        <p className="rounded-md border border-primary/30 bg-primary/5 px-3 py-2 text-sm" data-testid="promote-note">
          Promoting the shadow <span className="font-mono">{promoting}</span>:{" "}
          {alreadyInSplit ? "it already has a share of the split; raise it below." : `it joins the split as a canary at ${PROMOTED_SHARE / 100} %.`} Adjust the weights, then
          Save; deploy to serve it.
        </p>
      ) : null}

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Traffic split</legend>
        <TrafficSliders split={split} onChange={setSplit} routes={routes} colors={colors} error={errorAt(errors, "split")} disabled={saving} />
      </fieldset>

      <StickyImpactNote rule={isDefault ? null : name} strategy={strategy} split={split} active={active} />

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">Shadow traffic</legend>
        <ShadowSliders shadows={shadows} onChange={setShadows} routes={routes} split={split} colors={colors} errors={errors} disabled={saving} />
      </fieldset>

      <FormErrorSummary message={formError} items={summary} testId="rule-form-error" />
      {conflict ? (
        <ConflictNotice
          editsKept
          onReload={() => {
            setConflict(false);
            void reloadDraft(qc, project, router);
          }}
        />
      ) : null}

      <DialogFooter>
        <Button type="button" variant="outline" disabled={saving} onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : mode.kind === "create" ? "Create rule" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}

"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Loader2Icon, RocketIcon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field, FormError, NativeSelect } from "@/components/routers/form-controls";
import { useVersion } from "@/components/routers/queries/use-version";
import { ApiError } from "@/lib/api-client/fetch";
import { DEFAULT_RULE, ruleBody } from "@/lib/rollouts/plan";
import { ROLLOUT_DEFAULTS } from "@/lib/rollouts/schema";
import { useStartRollout } from "../queries/use-start-rollout";
import { initialForm, suggest, toBody, type WizardForm } from "./form-state";
import { GatesFields } from "./gates-fields";
import { StepsFields } from "./steps-fields";

type Props = { project: string; router: string; activeVersion: number | null; rule?: string; open: boolean; onOpenChange: (open: boolean) => void };

/** "Start rollout": which rule and routes, the steps, an optional shadow phase, and the gates. */
export function StartRolloutDialog({ project, router, activeVersion, rule, open, onOpenChange }: Props) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-3xl">
        {open ? <Wizard project={project} router={router} activeVersion={activeVersion} rule={rule} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function Wizard({ project, router, activeVersion, rule, onDone }: Omit<Props, "open" | "onOpenChange"> & { onDone: () => void }) {
  const version = useVersion(project, router, activeVersion);
  const doc = version.data?.document;
  const [form, setForm] = useState<WizardForm | null>(null);
  const start = useStartRollout(project, router);
  const navigate = useRouter();
  // The form starts once the active version is known, from the rule it was opened on.
  const f = form ?? (doc ? initialForm(doc, rule ?? DEFAULT_RULE) : null);
  const update = (patch: Partial<WizardForm>) => setForm({ ...f!, ...patch });
  const error = start.error instanceof ApiError ? start.error : null;
  const errorAt = (path: string) => error?.fieldError(path);

  if (activeVersion === null) {
    return (
      <DialogHeader>
        <DialogTitle>Start a rollout</DialogTitle>
        <DialogDescription>Nothing is deployed yet: a rollout starts from the active version. Deploy the router first.</DialogDescription>
      </DialogHeader>
    );
  }
  if (!f || !doc) {
    return (
      <DialogHeader>
        <DialogTitle>Start a rollout</DialogTitle>
        <DialogDescription>{version.isError ? "The active version could not be loaded." : "Reading the active version…"}</DialogDescription>
      </DialogHeader>
    );
  }

  const rules = [...doc.rules.map((r) => r.name), ...(doc.defaultRule ? [DEFAULT_RULE] : [])];
  const split = ruleBody(doc, f.rule)?.split ?? [];
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start.mutate(toBody(f), {
      onSuccess: (created) => {
        toast.success(`Rollout ${created.id} started`, { description: `${created.stageLabel}: version ${created.currentVersion} deployed.` });
        onDone();
        navigate.push(`/projects/${project}/routers/${router}/rollouts/${created.id}`);
      },
    });
  };
  const otherError = error && error.errors.length === 0 ? error.detail : start.error && !error ? "The rollout could not be started; nothing was changed." : null;

  return (
    <form onSubmit={submit} className="flex flex-col gap-5">
      <DialogHeader>
        <DialogTitle>Start a rollout</DialogTitle>
        <DialogDescription>
          From version {activeVersion}: each step deploys it with the canary&apos;s weight raised, and only if the gates pass on the fleet&apos;s traffic. A canary that fails them is
          aborted and version {activeVersion} comes back, every sticky key on its original route. Your draft is not involved.
        </DialogDescription>
      </DialogHeader>

      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="rollout-rule" label="Rule" error={errorAt("rule")}>
          {(aria) => (
            <NativeSelect {...aria} value={f.rule} onChange={(e) => setForm({ ...f, rule: e.target.value, ...suggest(doc, e.target.value) })}>
              {rules.map((r) => (
                <option key={r} value={r}>
                  {r === DEFAULT_RULE ? "default rule" : r}
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
        <Field id="rollout-baseline" label="Baseline" hint="Gives the canary its weight; it is what the canary is compared with." error={errorAt("baseline")}>
          {(aria) => (
            <NativeSelect {...aria} value={f.baseline} onChange={(e) => update({ baseline: e.target.value })}>
              {split.map((e) => (
                <option key={e.route} value={e.route}>
                  {e.route} ({e.weight} %)
                </option>
              ))}
            </NativeSelect>
          )}
        </Field>
        <Field id="rollout-canary" label="Canary" hint="Any route of the version, with or without weight in this rule." error={errorAt("canary")}>
          {(aria) => (
            <NativeSelect {...aria} value={f.canary} onChange={(e) => update({ canary: e.target.value })}>
              {doc.routes
                .filter((r) => r.name !== f.baseline)
                .map((r) => (
                  <option key={r.name} value={r.name}>
                    {r.name}
                  </option>
                ))}
            </NativeSelect>
          )}
        </Field>
      </div>

      <StepsFields steps={f.steps} onChange={(steps) => update({ steps })} errorAt={errorAt} />

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-semibold">Shadow phase</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={f.shadow} onChange={(e) => update({ shadow: e.target.checked })} />
          First mirror traffic to the canary (callers never see its answers) and compare its answers with the baseline&apos;s
        </label>
        {f.shadow ? (
          <div className="grid gap-3 sm:grid-cols-3">
            <Field id="shadow-percent" label="Mirrored (%)" error={errorAt("shadow.percent")}>
              {(aria) => <Input {...aria} inputMode="decimal" placeholder={String(ROLLOUT_DEFAULTS.shadowPercent)} value={f.shadowPercent} onChange={(e) => update({ shadowPercent: e.target.value })} />}
            </Field>
            <Field id="shadow-duration" label="For at least (s)" error={errorAt("shadow.durationSeconds")}>
              {(aria) => (
                <Input {...aria} inputMode="numeric" placeholder={String(ROLLOUT_DEFAULTS.shadowDurationSeconds)} value={f.shadowDurationSeconds} onChange={(e) => update({ shadowDurationSeconds: e.target.value })} />
              )}
            </Field>
            <Field id="shadow-agreement" label="Agreement at least (%)" hint="A shadow that fails counts as disagreeing." error={errorAt("shadow.minAgreement")}>
              {(aria) => (
                <Input {...aria} inputMode="decimal" placeholder={String(ROLLOUT_DEFAULTS.minShadowAgreement)} value={f.shadowMinAgreement} onChange={(e) => update({ shadowMinAgreement: e.target.value })} />
              )}
            </Field>
          </div>
        ) : null}
      </fieldset>

      <GatesFields form={f} onChange={update} errorAt={errorAt} />

      <Field id="rollout-description" label="Why (optional)" error={errorAt("description")}>
        {(aria) => <Input {...aria} maxLength={500} value={f.description} onChange={(e) => update({ description: e.target.value })} placeholder="New fraud model, retrained on May data" />}
      </Field>

      {error && error.errors.length > 0 ? (
        <FormError testId="rollout-errors">{`${error.detail}: ${error.errors.map((e) => `${e.path || "body"} — ${e.message}`).join("; ")}`}</FormError>
      ) : null}
      <FormError testId="rollout-error">{otherError}</FormError>

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={start.isPending} data-testid="rollout-start">
          {start.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <RocketIcon aria-hidden="true" />}
          {start.isPending ? "Starting…" : "Start rollout"}
        </Button>
      </DialogFooter>
    </form>
  );
}

"use client";

import { useId, useMemo, useState } from "react";
import type * as React from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, ArrowRightIcon, CheckIcon, Loader2Icon, UnplugIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import type { RouterDocument, SplitEntry } from "@/lib/router/document";
import { planUndeploy, type UndeployMode, type UndeployRequest } from "@/lib/routers/undeploy";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatPercent } from "@/components/common/format";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { Field, FormError, NativeSelect, Textarea } from "@/components/routers/form-controls";
import { useDeploy } from "@/components/routers/queries/use-deploy";
import { routerConfigOptions } from "@/components/routers/queries/use-router-config";
import { useUndeploy } from "@/components/routers/queries/use-undeploy";
import { useUndeployPreview } from "@/components/routers/queries/use-undeploy-preview";
import { IdleShadowWarning } from "./idle-shadow-warning";
import type { UndeployResult } from "@/components/routers/queries/types";
import { routeColors, type RouteColors } from "@/components/routers/route-colors";
import { ruleLabel, usesOf, type RouteUse } from "@/components/routers/routes/usage";
import { SplitBar } from "@/components/routers/split-bar";
import { StrategyBadge } from "@/components/routers/strategy-label";
import { cn } from "@/lib/utils/cn";
import { setWeight, totalHundredths } from "./balance";

const STEPS = ["Route", "Impact", "Redistribution", "Preview", "Apply"] as const;

const MODES: { value: UndeployMode; label: string; hint: string }[] = [
  { value: "proportional", label: "Proportional", hint: "Each remaining route grows in proportion to its current weight (70/20/10 without the 10 becomes 77.78/22.22)." },
  { value: "even", label: "Even", hint: "The removed weight is shared equally between the remaining routes of each rule." },
  { value: "manual", label: "Manual", hint: "You set the new weights of each rule; they must add up to 100." },
];

type Props = {
  project: string;
  router: string;
  initialRoute: string | null;
  /** The draft when the wizard opened; applying is refused (412) if it changed since. */
  document: RouterDocument;
  revision: number | null;
  onClose: () => void;
};

type ManualWeights = Record<string, Record<string, number>>;

const splitText = (split: SplitEntry[]) => split.map((s) => `${s.route} ${formatPercent(s.weight)}`).join(" · ");

/** The manual weights to start from: what proportional would give, so a user only adjusts. */
function initialManual(doc: RouterDocument, route: string, uses: RouteUse[], replacement: string): ManualWeights {
  const other = replacement || doc.routes.find((r) => r.name !== route)?.name;
  const out: ManualWeights = {};
  try {
    const plan = planUndeploy(doc, route, { mode: "proportional", ...(other ? { replacement: other } : {}) });
    for (const impact of plan.rules) {
      const use = uses.find((u) => u.rule === impact.rule);
      if (use && use.inSplit && !use.only) out[impact.rule] = Object.fromEntries(impact.after.map((s) => [s.route, s.weight]));
    }
  } catch {
    for (const u of uses) if (u.inSplit && !u.only) out[u.rule] = Object.fromEntries(u.body.split.filter((s) => s.route !== route).map((s) => [s.route, s.weight]));
  }
  return out;
}

/**
 * Qwak's undeploy as a wizard: pick a route, see what uses it, choose how its weight is
 * redistributed, preview the dry run (weights before/after, sticky keys moved), then
 * apply it to the draft — and optionally deploy right away.
 */
export function UndeployWizard({ project, router, initialRoute, document: initialDocument, revision: initialRevision, onClose }: Props) {
  const client = useQueryClient();
  const ids = { replacement: useId(), message: useId(), deployNow: useId() };
  const [snapshot, setSnapshot] = useState({ doc: initialDocument, revision: initialRevision });
  const [step, setStep] = useState(0);
  const [route, setRoute] = useState<string>(initialRoute ?? "");
  const [mode, setMode] = useState<UndeployMode>("proportional");
  const [replacement, setReplacement] = useState("");
  const [manual, setManual] = useState<ManualWeights>({});
  const [deployNow, setDeployNow] = useState(false);
  const [message, setMessage] = useState("");
  const [stepError, setStepError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [deployFailure, setDeployFailure] = useState<string | null>(null);
  const previewMutation = useUndeployPreview(project, router);
  const undeploy = useUndeploy(project, router);
  const deploy = useDeploy(project, router);

  const doc = snapshot.doc;
  const colors = routeColors(doc.routes.map((r) => r.name));
  const uses = useMemo(() => (route ? usesOf(doc, route) : []), [doc, route]);
  const needsReplacement = uses.some((u) => u.only);
  const manualRules = uses.filter((u) => u.inSplit && !u.only);
  const others = doc.routes.filter((r) => r.name !== route);

  const request = (): UndeployRequest => ({
    mode,
    ...(needsReplacement && replacement ? { replacement } : {}),
    ...(mode === "manual" ? { weights: Object.fromEntries(manualRules.map((u) => [u.rule, manual[u.rule] ?? {}])) } : {}),
  });

  const goTo = (next: number) => {
    setStepError(null);
    setStep(next);
  };

  const next = () => {
    setStepError(null);
    if (step === 0) {
      if (!route) return setStepError("Pick the route to undeploy.");
      return goTo(1);
    }
    if (step === 1) {
      if (mode === "manual") setManual(initialManual(doc, route, uses, replacement));
      return goTo(2);
    }
    if (step === 2) {
      if (needsReplacement && !replacement) return setStepError("Pick a replacement route: some rules send all their traffic to this one.");
      if (mode === "manual") {
        const bad = manualRules.find((u) => totalHundredths(Object.values(manual[u.rule] ?? {})) !== 10_000);
        if (bad) return setStepError(`The weights of ${ruleLabel(bad.rule)} must add up to 100.`);
      }
      previewMutation.mutate(
        { route, request: request() },
        {
          onSuccess: () => goTo(3),
          onError: (error) => setStepError(error instanceof ApiError ? [error.detail, ...error.errors.map((e) => e.message)].filter((x, i, a) => a.indexOf(x) === i).join(" ") : "The preview failed. Try again."),
        },
      );
      return;
    }
    if (step === 3) return goTo(4);
  };

  const reload = async () => {
    const fresh = await client.fetchQuery({ ...routerConfigOptions(project, router), staleTime: 0 });
    setSnapshot({ doc: fresh.data, revision: fresh.revision });
    setConflict(null);
    undeploy.reset();
    previewMutation.reset();
    if (!fresh.data.routes.some((r) => r.name === route)) {
      setRoute("");
      return goTo(0);
    }
    goTo(1);
  };

  const apply = async (e: React.FormEvent) => {
    e.preventDefault();
    setStepError(null);
    setDeployFailure(null);
    if (deployNow && !message.trim()) return setStepError("Write a deploy message, or untick “Deploy right away”.");
    let applied: UndeployResult;
    try {
      applied = await undeploy.mutateAsync({ route, request: request(), revision: snapshot.revision });
    } catch (error) {
      if (error instanceof ApiError && error.isConflict) setConflict(error.detail);
      else setStepError(error instanceof ApiError ? error.detail : "The undeploy failed; the draft was not changed.");
      return;
    }
    toast.success(`Route ${route} undeployed from the draft`);
    if (!deployNow) return onClose();
    try {
      const { version } = await deploy.mutateAsync({ message: message.trim(), reviewedRevision: applied.revision ?? null });
      toast.success(`Deployed version ${version}`);
      onClose();
    } catch (error) {
      setDeployFailure(
        `The undeploy is in the draft, but the deploy did not happen: ${error instanceof ApiError ? error.detail : "the request failed"}. Review the draft and deploy it from the router page.`,
      );
    }
  };

  const advance = (e: React.FormEvent) => {
    e.preventDefault();
    next();
  };

  const preview = previewMutation.data;
  const busy = previewMutation.isPending || undeploy.isPending || deploy.isPending;

  return (
    <Dialog open onOpenChange={(open) => !open && !busy && onClose()}>
      <DialogContent className="sm:max-w-3xl" data-testid="undeploy-wizard">
        <form onSubmit={step === 4 ? apply : advance} noValidate className="flex flex-col gap-5">
          <DialogHeader>
            <DialogTitle>Undeploy a route</DialogTitle>
            <DialogDescription>
              Removes the route from every rule and shadow of the draft and gives its weight to the other routes. Nothing changes in the gateway
              until the draft is deployed.
            </DialogDescription>
          </DialogHeader>

          <ol className="flex flex-wrap gap-1 text-xs" aria-label="Steps">
            {STEPS.map((label, i) => (
              <li
                key={label}
                aria-current={i === step ? "step" : undefined}
                className={cn(
                  "flex items-center gap-1 rounded-full border px-2.5 py-1",
                  i === step ? "border-primary bg-primary text-primary-foreground" : i < step ? "bg-muted text-foreground" : "text-muted-foreground",
                )}
              >
                {i < step ? <CheckIcon aria-hidden="true" className="size-3" /> : <span className="tabular-nums">{i + 1}.</span>}
                {label}
              </li>
            ))}
          </ol>

          {conflict ? <ConflictNotice what="the draft" detail={conflict} onReload={() => void reload()} /> : null}

          {step === 0 ? (
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-2 text-sm font-semibold">Which route do you want to take out?</legend>
              {doc.routes.map((r) => {
                const n = usesOf(doc, r.name).length;
                return (
                  <label
                    key={r.name}
                    className={cn("flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm", route === r.name && "border-primary bg-accent")}
                  >
                    <input type="radio" name="route" value={r.name} checked={route === r.name} onChange={() => setRoute(r.name)} />
                    <span aria-hidden="true" className={cn("size-2.5 rounded-full", colors(r.name))} />
                    <span className="font-mono font-medium">{r.name}</span>
                    <span className="text-muted-foreground">{n === 0 ? "unused" : `used by ${n} ${n === 1 ? "rule" : "rules"}`}</span>
                  </label>
                );
              })}
            </fieldset>
          ) : null}

          {step === 1 ? <Impact route={route} uses={uses} colors={colors} /> : null}

          {step === 2 ? (
            <div className="flex flex-col gap-4">
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 text-sm font-semibold">How should the weight of {route} be redistributed?</legend>
                {MODES.map((m) => (
                  <label key={m.value} className={cn("flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm", mode === m.value && "border-primary bg-accent")}>
                    <input
                      type="radio"
                      name="mode"
                      value={m.value}
                      className="mt-1"
                      checked={mode === m.value}
                      onChange={() => {
                        setMode(m.value);
                        if (m.value === "manual") setManual(initialManual(doc, route, uses, replacement));
                      }}
                    />
                    <span className="flex flex-col gap-0.5">
                      <span className="font-medium">{m.label}</span>
                      <span className="text-muted-foreground">{m.hint}</span>
                    </span>
                  </label>
                ))}
              </fieldset>

              {needsReplacement ? (
                <Field
                  id={ids.replacement}
                  label="Replacement route"
                  hint={`Takes all the traffic of ${uses
                    .filter((u) => u.only)
                    .map((u) => ruleLabel(u.rule))
                    .join(", ")}, where ${route} is the only route.`}
                >
                  {(aria) => (
                    <NativeSelect {...aria} value={replacement} onChange={(e) => setReplacement(e.target.value)} required>
                      <option value="">Choose a route…</option>
                      {others.map((r) => (
                        <option key={r.name} value={r.name}>
                          {r.name}
                        </option>
                      ))}
                    </NativeSelect>
                  )}
                </Field>
              ) : null}

              {mode === "manual" ? (
                manualRules.length === 0 ? (
                  <p className="text-sm text-muted-foreground">No rule splits traffic between {route} and other routes, so there are no weights to set.</p>
                ) : (
                  <div className="flex flex-col gap-3">
                    {manualRules.map((u) => (
                      <ManualRule
                        key={u.rule}
                        use={u}
                        route={route}
                        weights={manual[u.rule] ?? {}}
                        colors={colors}
                        onChange={(w) => setManual((m) => ({ ...m, [u.rule]: w }))}
                      />
                    ))}
                  </div>
                )
              ) : null}
            </div>
          ) : null}

          {step === 3 && preview ? <IdleShadowWarning rules={preview.rules} /> : null}
          {step === 3 && preview ? <Preview result={preview} colors={colors} /> : null}

          {step === 4 && preview ? (
            <div className="flex flex-col gap-4">
              <p className="text-sm">
                Apply to the draft: <span className="font-mono font-medium">{route}</span> leaves {preview.rules.length}{" "}
                {preview.rules.length === 1 ? "rule" : "rules"} and the route list ({MODES.find((m) => m.value === mode)?.label.toLowerCase()}{" "}
                redistribution{needsReplacement ? `, ${replacement} as replacement` : ""}).
              </p>
              <div className="flex items-center gap-2">
                <input id={ids.deployNow} type="checkbox" checked={deployNow} onChange={(e) => setDeployNow(e.target.checked)} className="size-4" />
                <Label htmlFor={ids.deployNow}>Deploy right away</Label>
              </div>
              {deployNow ? (
                <Field id={ids.message} label="Deploy message" hint="Kept with the new version.">
                  {(aria) => (
                    <Textarea {...aria} rows={2} maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} placeholder={`Undeploy ${route}`} />
                  )}
                </Field>
              ) : null}
              {deployFailure ? <FormError testId="undeploy-deploy-failure">{deployFailure}</FormError> : null}
            </div>
          ) : null}

          <FormError testId="undeploy-error">{stepError}</FormError>

          <DialogFooter>
            {step > 0 && !deployFailure ? (
              <Button type="button" variant="outline" onClick={() => goTo(step - 1)} disabled={busy} className="sm:mr-auto">
                <ArrowLeftIcon aria-hidden="true" />
                Back
              </Button>
            ) : null}
            <Button type="button" variant="outline" onClick={onClose} disabled={busy}>
              {deployFailure ? "Close" : "Cancel"}
            </Button>
            {step < 4 ? (
              <Button type="submit" disabled={busy || Boolean(conflict)}>
                {previewMutation.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : null}
                {step === 2 ? "Preview" : "Next"}
                <ArrowRightIcon aria-hidden="true" />
              </Button>
            ) : !deployFailure ? (
              <Button type="submit" disabled={busy || Boolean(conflict)} data-testid="undeploy-apply">
                {undeploy.isPending || deploy.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <UnplugIcon aria-hidden="true" />}
                {deployNow ? "Apply and deploy" : "Apply to draft"}
              </Button>
            ) : null}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Impact({ route, uses, colors }: { route: string; uses: RouteUse[]; colors: RouteColors }) {
  if (uses.length === 0) {
    return <p className="text-sm text-muted-foreground">No rule or shadow uses {route}: undeploying only removes it from the route list.</p>;
  }
  const only = uses.filter((u) => u.only).length;
  const shadows = uses.filter((u) => u.shadowPercent !== null).length;
  return (
    <section className="flex flex-col gap-3" aria-label={`Impact of undeploying ${route}`}>
      <p className="text-sm">
        <span className="font-mono font-medium">{route}</span> is used by {uses.length} {uses.length === 1 ? "rule" : "rules"}
        {shadows > 0 ? `, as a shadow in ${shadows}` : ""}
        {only > 0 ? `; it is the only route of ${only}, which will need a replacement` : ""}.
      </p>
      <ul className="flex flex-col gap-2">
        {uses.map((u) => (
          <li key={u.rule} className="flex flex-col gap-2 rounded-md border px-3 py-2" data-testid={`impact-${u.rule}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm font-medium">{ruleLabel(u.rule)}</span>
              <StrategyBadge strategy={u.body.strategy} />
              {u.only ? <Badge variant="destructive">only route</Badge> : null}
              {u.inSplit ? <Badge variant="outline">{formatPercent(u.weight)} of its traffic</Badge> : null}
              {u.shadowPercent !== null ? <Badge variant="secondary">shadow {formatPercent(u.shadowPercent)} (removed)</Badge> : null}
            </div>
            <SplitBar split={u.body.split} shadows={u.body.shadows} colors={colors} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ManualRule({
  use,
  route,
  weights,
  colors,
  onChange,
}: {
  use: RouteUse;
  route: string;
  weights: Record<string, number>;
  colors: RouteColors;
  onChange: (w: Record<string, number>) => void;
}) {
  const baseId = useId();
  const names = use.body.split.filter((s) => s.route !== route).map((s) => s.route);
  const values = names.map((n) => weights[n] ?? 0);
  const total = totalHundredths(values);
  const change = (i: number, v: number) => {
    const next = setWeight(values, i, v);
    onChange(Object.fromEntries(names.map((n, k) => [n, next[k]!])));
  };
  return (
    <fieldset className="flex flex-col gap-2 rounded-md border px-3 py-2" data-testid={`manual-${use.rule}`}>
      <legend className="px-1 text-sm font-medium">
        <span className="font-mono">{ruleLabel(use.rule)}</span> <span className="text-muted-foreground">(without {route}, was {formatPercent(use.weight)})</span>
      </legend>
      {names.map((n, i) => (
        <div key={n} className="grid grid-cols-[8rem_1fr_6rem] items-center gap-3">
          <label htmlFor={`${baseId}-${n}`} className="flex items-center gap-1.5 font-mono text-sm">
            <span aria-hidden="true" className={cn("size-2.5 rounded-full", colors(n))} />
            {n}
          </label>
          <input
            id={`${baseId}-${n}`}
            type="range"
            min={0}
            max={100}
            step={1}
            value={values[i]}
            disabled={names.length === 1}
            onChange={(e) => change(i, Number(e.target.value))}
            aria-valuetext={formatPercent(values[i]!)}
          />
          <Input
            type="number"
            min={0}
            max={100}
            step={0.01}
            aria-label={`Weight of ${n} in ${ruleLabel(use.rule)} (percent)`}
            value={values[i]}
            disabled={names.length === 1}
            onChange={(e) => change(i, Number(e.target.value))}
          />
        </div>
      ))}
      <p className={cn("text-xs", total === 10_000 ? "text-muted-foreground" : "text-destructive")} aria-live="polite">
        Total {formatPercent(total / 100)}
        {names.length === 1 ? ` — ${names[0]} takes all of it` : ""}
      </p>
    </fieldset>
  );
}

function Preview({ result, colors }: { result: UndeployResult; colors: RouteColors }) {
  if (result.rules.length === 0) return <p className="text-sm text-muted-foreground">No rule changes: the route is only removed from the route list.</p>;
  return (
    <div className="overflow-x-auto rounded-md border" data-testid="undeploy-preview">
      <table className="w-full text-sm">
        <caption className="sr-only">Weights before and after the undeploy, per rule</caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Rule
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Before
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              After
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Sticky keys moved
            </th>
          </tr>
        </thead>
        <tbody>
          {result.rules.map((r) => (
            <tr key={r.rule} className="border-b align-top last:border-0" data-testid={`preview-rule-${r.rule}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <div className="flex flex-col gap-1">
                  <span className="font-mono font-medium">{ruleLabel(r.rule)}</span>
                  <StrategyBadge strategy={r.strategy} />
                  {r.replaced ? <Badge variant="warning">replaced</Badge> : null}
                </div>
              </th>
              <td className="px-3 py-2" data-testid="preview-before">
                <div className="flex flex-col gap-1">
                  <SplitBar split={r.before} shadows={[]} colors={colors} />
                  {r.shadowsBefore.length ? <span className="text-xs text-muted-foreground">shadows: {r.shadowsBefore.map((s) => `${s.route} ${formatPercent(s.percent)}`).join(", ")}</span> : null}
                </div>
              </td>
              <td className="px-3 py-2" data-testid="preview-after">
                <div className="flex flex-col gap-1">
                  <SplitBar split={r.after} shadows={[]} colors={colors} />
                  <span className="sr-only">{splitText(r.after)}</span>
                  {r.shadowsBefore.length ? (
                    <span className="text-xs text-muted-foreground">
                      shadows: {r.shadowsAfter.length ? r.shadowsAfter.map((s) => `${s.route} ${formatPercent(s.percent)}`).join(", ") : "none"}
                    </span>
                  ) : null}
                </div>
              </td>
              <td className="px-3 py-2 tabular-nums" data-testid="preview-sticky">
                {r.strategy === "sticky" ? (
                  <span>
                    <span className="font-semibold">{formatPercent(Math.round(r.stickyMoved * 10_000) / 100)}</span>
                    <span className="text-muted-foreground"> of keys change route</span>
                  </span>
                ) : (
                  <span className="text-muted-foreground">random: no sticky keys</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

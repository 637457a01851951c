"use client";

import { useMemo, useState } from "react";
import type * as React from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, ArrowRightIcon, CheckIcon, Loader2Icon, UnplugIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import type { RouterDocument } from "@/lib/router/document";
import { routeUses } from "@/lib/routers/edits";
import type { UndeployMode, UndeployRequest } from "@/lib/routers/undeploy";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { FormError } from "@/components/routers/form-controls";
import { useDeploy } from "@/components/routers/queries/use-deploy";
import { routerConfigOptions } from "@/components/routers/queries/use-router-config";
import { useUndeploy } from "@/components/routers/queries/use-undeploy";
import { useUndeployPreview } from "@/components/routers/queries/use-undeploy-preview";
import type { UndeployResult } from "@/components/routers/queries/types";
import { routeColors } from "@/components/routers/route-colors";
import { ruleLabel } from "@/components/routers/routes/usage";
import { cn } from "@/lib/utils/cn";
import { ApplyStep } from "./apply-step";
import { totalHundredths } from "./balance";
import { ImpactStep } from "./impact-step";
import { initialManual, type ManualWeights } from "./manual-weights";
import { PreviewStep } from "./preview-step";
import { RedistributionStep } from "./redistribution-step";
import { RouteStep } from "./route-step";

const STEPS = ["Route", "Impact", "Redistribution", "Preview", "Apply"] as const;

type Props = {
  project: string;
  router: string;
  initialRoute: string | null;
  /** The draft when the wizard opened; applying is refused (412) if it changed since. */
  document: RouterDocument;
  revision: number | null;
  onClose: () => void;
};

/**
 * Qwak's undeploy as a wizard: pick a route, see what uses it, choose how its weight is
 * redistributed, preview the dry run (weights before/after, sticky keys moved), then
 * apply it to the draft — and optionally deploy right away.
 */
export function UndeployWizard({ project, router, initialRoute, document: initialDocument, revision: initialRevision, onClose }: Props) {
  const client = useQueryClient();
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
  const uses = useMemo(() => (route ? routeUses(doc, route) : []), [doc, route]);
  const needsReplacement = uses.some((u) => u.only);
  const manualRules = uses.filter((u) => u.inSplit && !u.only);

  const request = (): UndeployRequest => ({
    mode,
    ...(needsReplacement && replacement ? { replacement } : {}),
    ...(mode === "manual" ? { weights: Object.fromEntries(manualRules.map((u) => [u.rule, manual[u.rule] ?? {}])) } : {}),
  });

  const changeMode = (next: UndeployMode) => {
    setMode(next);
    if (next === "manual") setManual(initialManual(doc, route, uses, replacement));
  };

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

          {step === 0 ? <RouteStep doc={doc} route={route} colors={colors} onChange={setRoute} /> : null}
          {step === 1 ? <ImpactStep route={route} uses={uses} colors={colors} /> : null}
          {step === 2 ? (
            <RedistributionStep
              route={route}
              uses={uses}
              others={doc.routes.filter((r) => r.name !== route)}
              colors={colors}
              mode={mode}
              onModeChange={changeMode}
              replacement={replacement}
              onReplacementChange={setReplacement}
              manual={manual}
              onManualChange={(rule, weights) => setManual((m) => ({ ...m, [rule]: weights }))}
            />
          ) : null}
          {step === 3 && preview ? <PreviewStep result={preview} colors={colors} /> : null}
          {step === 4 && preview ? (
            <ApplyStep
              route={route}
              preview={preview}
              mode={mode}
              replacement={needsReplacement ? replacement : null}
              deployNow={deployNow}
              onDeployNowChange={setDeployNow}
              message={message}
              onMessageChange={setMessage}
              deployFailure={deployFailure}
            />
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

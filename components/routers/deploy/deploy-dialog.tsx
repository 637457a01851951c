"use client";

import { useHydrated } from "@/components/common/use-hydrated";
import { useId, useState } from "react";
import type * as React from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, RocketIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import type { Finding, RouterDocument } from "@/lib/router/document";
import { describeConvergence } from "@/lib/fleet/convergence-text";
import { diffDocuments } from "@/lib/versions/diff";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { LoadingNote } from "@/components/common/load-states";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { SideBySideDiff } from "@/components/routers/diff/side-by-side-diff";
import { FindingsCount, FindingsList } from "@/components/routers/findings-list";
import { DeployImpact } from "@/components/routers/replay/deploy-impact";
import { Field, FormError, Textarea } from "@/components/routers/form-controls";
import { analysisOptions } from "@/components/routers/queries/use-analysis";
import { useDeploy } from "@/components/routers/queries/use-deploy";
import { routerConfigOptions, useRouterConfig } from "@/components/routers/queries/use-router-config";
import { routerSummaryOptions } from "@/components/routers/queries/use-router-summary";
import { useVersion } from "@/components/routers/queries/use-version";
import type { Analysis, RouterSummary } from "@/components/routers/queries/types";

/** What the user reviews: the draft, its findings and the active version, read together when the dialog opens. */
type Review = { summary: RouterSummary; document: RouterDocument; revision: number | null; analysis: Analysis };

const nothingDeployed = (draft: RouterDocument): RouterDocument => ({ name: draft.name, settings: draft.settings, routes: [], audiences: [], rules: [] });

type DeployDialogProps = { project: string; router: string; open: boolean; onOpenChange: (open: boolean) => void };

/** Deploy button's dialog: the diff against the active version, the findings (errors block), and a required message. */
export function DeployDialog({ project, router, open, onOpenChange }: DeployDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-4xl" data-testid="deploy-dialog">
        {open ? <DeployReview project={project} router={router} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

export function DeployButton({ onClick }: { onClick: () => void }) {
  const hydrated = useHydrated();
  return (
    <Button onClick={onClick} data-testid="deploy-button" disabled={!hydrated}>
      <RocketIcon aria-hidden="true" />
      Deploy
    </Button>
  );
}

function DeployReview({ project, router, onDone }: { project: string; router: string; onDone: () => void }) {
  const client = useQueryClient();
  const messageId = useId();
  const [opening, setOpening] = useState(0);
  const [message, setMessage] = useState("");
  const [messageError, setMessageError] = useState<string | undefined>();
  const [blocking, setBlocking] = useState<Finding[] | null>(null);
  const [abortRollout, setAbortRollout] = useState(false);
  const deploy = useDeploy(project, router);
  const live = useRouterConfig(project, router);
  // A snapshot read fresh when the dialog opens (and on Reload): the user approves exactly what they see.
  const reviewQuery = useQuery({
    queryKey: ["deploy-review", project, router, opening],
    queryFn: async (): Promise<Review> => {
      const [summary, config, analysis] = await Promise.all([
        client.fetchQuery({ ...routerSummaryOptions(project, router), staleTime: 0 }),
        client.fetchQuery({ ...routerConfigOptions(project, router), staleTime: 0 }),
        client.fetchQuery({ ...analysisOptions(project, router), staleTime: 0 }),
      ]);
      return { summary, document: config.data, revision: config.revision, analysis };
    },
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const review = reviewQuery.data ?? null;
  const loadError = reviewQuery.error ? (reviewQuery.error instanceof ApiError ? reviewQuery.error.detail : "The draft could not be loaded.") : null;
  const active = useVersion(project, router, review?.summary.activeVersion ?? null);
  const reload = () => {
    deploy.reset();
    setBlocking(null);
    setOpening((n) => n + 1);
  };

  const draftMoved = review !== null && live.data !== undefined && live.data.revision !== review.revision;
  const conflict = (deploy.error instanceof ApiError && deploy.error.isConflict) || draftMoved;
  const errors = review ? review.analysis.findings.filter((f) => f.severity === "error") : [];
  const activeDoc = review?.summary.activeVersion ? active.data?.document : review ? nothingDeployed(review.document) : undefined;
  const diff = review && activeDoc ? diffDocuments(activeDoc, review.document) : null;
  // The server refuses to deploy a draft that runs already (409 nothing_to_deploy).
  const unchanged = review?.summary.activeVersion != null && diff?.identical === true;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!review) return;
    if (!message.trim()) {
      setMessageError("Describe the change: the message is kept with the version.");
      return;
    }
    setMessageError(undefined);
    deploy.mutate(
      { message: message.trim(), reviewedRevision: review.revision, abortRollout },
      {
        onSuccess: ({ version, convergence }) => {
          toast.success(`Deployed version ${version}`, convergence ? { description: `Version ${version} ${describeConvergence(convergence)}.` } : undefined);
          onDone();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === "analysis_errors") {
            setBlocking(((error.body.findings as Finding[] | undefined) ?? []).filter((f) => f.severity === "error"));
          }
          if (error instanceof ApiError && error.fieldError("message")) setMessageError(error.fieldError("message"));
        },
      },
    );
  };

  // A rollout owns the router's deploys while it runs: deploying means aborting it, knowingly.
  const rolloutInProgress = deploy.error instanceof ApiError && deploy.error.code === "rollout_in_progress" ? deploy.error : null;
  const otherError =
    deploy.error && !rolloutInProgress && !(deploy.error instanceof ApiError && (deploy.error.isConflict || deploy.error.code === "analysis_errors" || deploy.error.fieldError("message")))
      ? deploy.error instanceof ApiError
        ? deploy.error.detail
        : "The deploy failed; nothing was changed. Try again."
      : null;

  return (
    <form onSubmit={submit} className="flex flex-col gap-5" aria-busy={!review}>
      <DialogHeader>
        <DialogTitle>Deploy {router}</DialogTitle>
        <DialogDescription>
          {!review
            ? "Reading the draft, its findings and the active version…"
            : review.summary.activeVersion
              ? `The draft becomes the next version and replaces version ${review.summary.activeVersion} in the gateway.`
              : "The draft becomes version 1, the first one the gateway serves."}{" "}
          Sticky keys move only as far as the weight changes require.
        </DialogDescription>
      </DialogHeader>

      {loadError ? <FormError>{loadError}</FormError> : null}
      {conflict ? (
        <ConflictNotice
          what="the draft"
          detail={deploy.error instanceof ApiError ? deploy.error.detail : "The draft changed while you were reviewing it."}
          onReload={reload}
        />
      ) : null}

      {!review ? (
        !loadError ? (
          <LoadingNote testId="deploy-loading">Loading the draft and its analysis…</LoadingNote>
        ) : null
      ) : (
        <>
          <section aria-labelledby="deploy-diff-heading" className="flex flex-col gap-2">
            <h3 id="deploy-diff-heading" className="text-sm font-semibold">
              Changes {review.summary.activeVersion ? `since version ${review.summary.activeVersion}` : "(nothing is deployed yet: all of it is new)"}
            </h3>
            {diff ? (
              <SideBySideDiff
                diff={diff}
                fromLabel={review.summary.activeVersion ? `v${review.summary.activeVersion} (active)` : "nothing deployed"}
                toLabel="draft"
                caption="Differences between the active version and the draft"
              />
            ) : active.isError ? (
              <FormError>The active version could not be loaded to compare with.</FormError>
            ) : (
              <LoadingNote testId="deploy-diff-loading">Loading version {review.summary.activeVersion} to compare with the draft…</LoadingNote>
            )}
          </section>

          <section aria-labelledby="deploy-findings-heading" className="flex flex-col gap-2">
            <div className="flex items-center gap-2">
              <h3 id="deploy-findings-heading" className="text-sm font-semibold">
                Analysis
              </h3>
              <FindingsCount errors={review.analysis.errors} warnings={review.analysis.warnings} />
            </div>
            <FindingsList findings={blocking ?? review.analysis.findings} />
            {errors.length > 0 || (blocking && blocking.length > 0) ? (
              <p className="text-sm text-destructive" data-testid="deploy-blocked">
                Errors block the deploy: fix them in the draft first. Warnings do not.
              </p>
            ) : null}
          </section>

          <DeployImpact project={project} router={router} activeVersion={review.summary.activeVersion} revision={review.revision} />

          <Field id={messageId} label="Message" hint="What changes and why; it is kept with the version, like a commit message." error={messageError}>
            {(aria) => (
              <Textarea
                {...aria}
                name="message"
                required
                maxLength={500}
                rows={2}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                placeholder="Canary to 20 %"
              />
            )}
          </Field>
          {unchanged ? (
            <p className="text-sm text-muted-foreground" data-testid="deploy-unchanged">
              Nothing to deploy: the draft is what version {review.summary.activeVersion} already serves.
            </p>
          ) : null}
          <FormError testId="deploy-error">{otherError}</FormError>
          {rolloutInProgress || abortRollout ? (
            <div role="alert" className="flex flex-col gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm" data-testid="deploy-rollout-in-progress">
              <p>
                Rollout {String(rolloutInProgress?.body.rollout ?? "")} of this router is in progress and deploys its own steps. Deploying the draft now aborts it, and the draft
                replaces its version.
              </p>
              <label className="flex items-center gap-2 font-medium">
                <input type="checkbox" checked={abortRollout} onChange={(e) => setAbortRollout(e.target.checked)} />
                Abort the rollout and deploy
              </label>
            </div>
          ) : null}
        </>
      )}

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={!review || errors.length > 0 || conflict || unchanged || deploy.isPending || !message.trim()} data-testid="deploy-confirm">
          {deploy.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <RocketIcon aria-hidden="true" />}
          {deploy.isPending ? "Deploying…" : "Deploy"}
        </Button>
      </DialogFooter>
    </form>
  );
}

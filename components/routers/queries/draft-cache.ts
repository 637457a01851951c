import type { QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError, type ApiResult } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";
import { draftStatus } from "@/lib/routers/draft-status";
import type { RouterSummary } from "./types";
import { versionOptions } from "./use-version";

/**
 * Shared plumbing of the router page's draft writes.
 *
 * The draft lives in the query cache under `keys.config(project, router)` as the API
 * client's `ApiResult<RouterDocument>`: `{ data: document, revision }` (the revision is
 * the ETag every write sends back as If-Match). A write's answer carries the new revision
 * and what it changed, so the cache is updated from it — the draft with the lib's own edit,
 * the summary's facts with `draftStatus` — and nothing is asked again: asking would load
 * the whole draft and run the server's analysis once more per drag. The header's finding
 * counts come from the page's live analysis of the cached draft. Only a failed write, or an
 * answer the cache cannot take in, makes the page read the draft and summary again.
 *
 * Every edit of one router's draft runs in one mutation scope, so edits queue and each
 * reads the revision its predecessor left.
 */
export type Draft = ApiResult<RouterDocument>;

export function routerPath(project: string, router: string): string {
  return `/projects/${encodeURIComponent(project)}/routers/${encodeURIComponent(router)}`;
}

/** Mutations of one router's draft run one at a time, in the order they were made. */
export const draftScope = (project: string, router: string) => ({ id: `draft:${project}/${router}` });
export const draftMutationKey = (project: string, router: string) => ["draft-edit", project, router] as const;

export function currentRevision(qc: QueryClient, project: string, router: string): number | null {
  return qc.getQueryData<Draft>(keys.config(project, router))?.revision ?? null;
}

/** Applies `update` to the cached draft at once; returns the snapshot to roll back to. */
export async function optimistic(
  qc: QueryClient,
  project: string,
  router: string,
  update: (doc: RouterDocument) => RouterDocument,
): Promise<{ previous: Draft | undefined }> {
  const key = keys.config(project, router);
  await qc.cancelQueries({ queryKey: key, exact: true });
  const previous = qc.getQueryData<Draft>(key);
  if (previous) qc.setQueryData<Draft>(key, { ...previous, data: update(previous.data) });
  return { previous };
}

export function rollback(qc: QueryClient, project: string, router: string, previous: Draft | undefined): void {
  if (previous) qc.setQueryData<Draft>(keys.config(project, router), previous);
}

/** Reads the draft and the summary again: after a refused write, or an answer the cache could not take in. */
export function reloadDraft(qc: QueryClient, project: string, router: string): Promise<unknown> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.config(project, router), exact: true }),
    qc.invalidateQueries({ queryKey: keys.router(project, router), exact: true }),
  ]);
}

/**
 * Records the revision the server answered with and, with `update`, applies what the answer
 * says changed to the cached draft (which may already show later queued edits). An update
 * the cached draft refuses (a lib edit throwing) means the cache and the server disagree:
 * the draft is read again.
 */
export function acceptRevision(qc: QueryClient, project: string, router: string, revision: number | null, update?: (doc: RouterDocument) => RouterDocument): void {
  const key = keys.config(project, router);
  const old = qc.getQueryData<Draft>(key);
  if (!old) {
    void reloadDraft(qc, project, router);
    return;
  }
  let data = old.data;
  try {
    if (update) data = update(old.data);
  } catch {
    void reloadDraft(qc, project, router);
    return;
  }
  qc.setQueryData<Draft>(key, { data, revision: revision ?? old.revision });
}

/**
 * The summary's facts that follow from the cached draft (revision, counts, settings,
 * undeployed changes against the active version's document — read once, versions never
 * change). Its finding counts are left as they are: the page shows the live analysis'.
 */
export function syncSummary(qc: QueryClient, project: string, router: string): void {
  const draft = qc.getQueryData<Draft>(keys.config(project, router));
  const summaryKey = keys.router(project, router);
  const summary = qc.getQueryData<RouterSummary>(summaryKey);
  if (!draft || !summary) return;
  const patch = (active: RouterDocument | null | undefined) => (old: RouterSummary | undefined) => {
    if (!old) return old;
    const status = draftStatus(draft.data, active ?? null);
    return {
      ...old,
      ...status,
      // Unknown until the active version is read: keep what the summary said.
      undeployedChanges: active === undefined ? old.undeployedChanges : status.undeployedChanges,
      revision: draft.revision ?? old.revision,
      updatedAt: new Date().toISOString(),
    };
  };
  const n = summary.activeVersion;
  if (n === null) {
    qc.setQueryData<RouterSummary>(summaryKey, patch(null));
    return;
  }
  const version = qc.getQueryData<{ document: RouterDocument }>(keys.version(project, router, n));
  qc.setQueryData<RouterSummary>(summaryKey, patch(version?.document));
  if (version) return;
  void qc.fetchQuery(versionOptions(project, router, n)).then(
    (v) => {
      // Only if the draft is still the one this was computed for and the version still active.
      const now = qc.getQueryData<Draft>(keys.config(project, router));
      if (now?.data === draft.data && qc.getQueryData<RouterSummary>(summaryKey)?.activeVersion === n) qc.setQueryData<RouterSummary>(summaryKey, patch(v.document));
    },
    () => void qc.invalidateQueries({ queryKey: summaryKey, exact: true }),
  );
}

/**
 * After a draft write settles. Success: the summary follows the cached draft; the server
 * analysis and the project's router list are marked stale for whoever shows them next,
 * not read now. Failure: the view was rolled back; after a 412 it stays as the user saw it
 * (the toast or dialog offers the reload), otherwise the draft is read again once no other
 * edit of it is queued, so a later optimistic change is not overwritten by an older state.
 */
export function settleDraft(qc: QueryClient, project: string, router: string, error?: unknown): void {
  void qc.invalidateQueries({ queryKey: keys.analysis(project, router), refetchType: "none" });
  void qc.invalidateQueries({ queryKey: keys.routers(project), exact: true, refetchType: "none" });
  if (error === undefined || error === null) {
    syncSummary(qc, project, router);
    return;
  }
  if (error instanceof ApiError && error.isConflict) return;
  if (qc.isMutating({ mutationKey: draftMutationKey(project, router) }) <= 1) void reloadDraft(qc, project, router);
}

/**
 * For writes not shown before the answer: takes the answer into the cache (see
 * `acceptRevision`) and settles as a success.
 */
export function storeDraftAnswer(qc: QueryClient, project: string, router: string, revision: number | null, update: (doc: RouterDocument) => RouterDocument): void {
  acceptRevision(qc, project, router, revision, update);
  settleDraft(qc, project, router);
}

/** The toast for a refused draft edit: 412 offers a reload, anything else shows the server's words. */
export function reportDraftError(qc: QueryClient, project: string, router: string, error: unknown, what: string): void {
  if (error instanceof ApiError && error.isConflict) {
    toast.error("Someone else changed this router — reload", {
      id: `conflict:${project}/${router}`,
      description: `${what} was not saved; the list shows the last version you loaded. Reload to see theirs.`,
      action: { label: "Reload", onClick: () => void reloadDraft(qc, project, router) },
      duration: 15_000,
    });
    return;
  }
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  toast.error(`${what} failed`, { description: detail });
}

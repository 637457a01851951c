import type { QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError, type ApiResult } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";

/**
 * Shared plumbing of the rule editor's draft mutations.
 *
 * The draft lives in the query cache under `keys.config(project, router)` as the API
 * client's `ApiResult<RouterDocument>`: `{ data: document, revision }` (the revision is
 * the ETag every write sends back as If-Match). Every edit of one router's draft runs in
 * one mutation scope, so edits queue and each reads the revision its predecessor left.
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

/** Records the revision the server answered with, keeping the (optimistic) document. */
export function acceptRevision(qc: QueryClient, project: string, router: string, revision: number | null, update?: (doc: RouterDocument) => RouterDocument): void {
  qc.setQueryData<Draft>(keys.config(project, router), (old) =>
    old ? { data: update ? update(old.data) : old.data, revision: revision ?? old.revision } : old,
  );
}

/**
 * After an edit settles: the router's summary, analysis and versions views are stale. The
 * draft itself is refetched only when no other edit of it is still queued, so a later
 * optimistic change is not overwritten by an earlier answer, and not after a 412.
 */
export function settleDraft(qc: QueryClient, project: string, router: string, error?: unknown): void {
  void qc.invalidateQueries({ queryKey: keys.router(project, router), exact: true });
  void qc.invalidateQueries({ queryKey: keys.analysis(project, router) });
  void qc.invalidateQueries({ queryKey: keys.routers(project), exact: true });
  // After a 412 the view stays rolled back to what the user saw; the toast offers the reload.
  if (error instanceof ApiError && error.isConflict) return;
  if (qc.isMutating({ mutationKey: draftMutationKey(project, router) }) <= 1) {
    void qc.invalidateQueries({ queryKey: keys.config(project, router), exact: true });
  }
}

/** The toast for a refused draft edit: 412 offers a reload, anything else shows the server's words. */
export function reportDraftError(qc: QueryClient, project: string, router: string, error: unknown, what: string): void {
  if (error instanceof ApiError && error.isConflict) {
    toast.error("Someone else changed this router — reload", {
      id: `conflict:${project}/${router}`,
      description: `${what} was not saved; the list shows the last version you loaded. Reload to see theirs.`,
      action: { label: "Reload", onClick: () => void qc.invalidateQueries({ queryKey: keys.config(project, router), exact: true }) },
      duration: 15_000,
    });
    return;
  }
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  toast.error(`${what} failed`, { description: detail });
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";
import type { DocumentDiff } from "@/lib/versions/diff";
import type { RouterConfig } from "./types";

/** The answer of POST …/draft/reset (lib/routers/schema.ts `draftResetResponseSchema`). */
export type DraftResetAnswer = { version: number; applied: boolean; diff: DocumentDiff; document: RouterDocument };
import { routerPath } from "./types";

/**
 * What discarding the draft would change: a dry run of the reset (it writes nothing), keyed
 * by the draft revision it was computed from. The revision it answers is the one the reset
 * sends as If-Match, so the change applied is the change previewed.
 */
export function useDraftResetPreview(project: string, router: string, version: number | null, enabled: boolean) {
  return useQuery({
    queryKey: [...keys.router(project, router), "draft-reset", version ?? "active"] as const,
    queryFn: ({ signal }) =>
      api<DraftResetAnswer>(`${routerPath(project, router)}/draft/reset`, { method: "POST", body: { ...(version !== null ? { version } : {}), dryRun: true }, signal }),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

/** Resets the draft; the answer carries the new draft and its revision, which go straight into the cache. */
export function useDraftReset(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    scope: { id: `draft:${project}/${router}` },
    mutationFn: ({ version, revision }: { version: number; revision: number | null }) =>
      api<DraftResetAnswer>(`${routerPath(project, router)}/draft/reset`, { method: "POST", body: { version }, revision }),
    onSuccess: (result) => {
      client.setQueryData<RouterConfig>(keys.config(project, router), { data: result.data.document, revision: result.revision });
      // The summary (undeployed changes, findings) and analysis follow from the server.
      void client.invalidateQueries({ queryKey: keys.router(project, router), exact: true });
      void client.invalidateQueries({ queryKey: keys.analysis(project, router) });
      void client.invalidateQueries({ queryKey: keys.routers(project), exact: true });
    },
  });
}

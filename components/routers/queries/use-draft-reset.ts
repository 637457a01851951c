"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";
import type { DocumentDiff } from "@/lib/versions/diff";
import { routerPath } from "./types";
import { draftScope, storeDraftAnswer } from "./draft-cache";

/** The answer of POST …/draft/reset (lib/routers/schema.ts `draftResetResponseSchema`). */
export type DraftResetAnswer = { version: number; applied: boolean; diff: DocumentDiff; document: RouterDocument };

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
    scope: draftScope(project, router),
    mutationFn: ({ version, revision }: { version: number; revision: number | null }) =>
      api<DraftResetAnswer>(`${routerPath(project, router)}/draft/reset`, { method: "POST", body: { version }, revision }),
    onSuccess: (result) => storeDraftAnswer(client, project, router, result.revision, () => result.data.document),
  });
}

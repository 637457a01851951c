"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";
import type { RouterSummaryView } from "@/lib/routers/summary";
import { routerPath } from "./draft-cache";

type VersionView = { number: number; message: string; author: string; createdAt: string; active: boolean; document: RouterDocument };

/**
 * The active version's document (with its sticky slot tables), to tell how many sticky
 * users an edit moves: the router summary names the active version, GET …/versions/{n}
 * has its document. `data` is null when nothing is deployed.
 */
export function useActiveVersion(project: string, router: string, enabled = true) {
  const summary = useQuery({
    // Private sub-keys (under the router's, so invalidating the router refreshes them): other
    // views may cache these resources in another shape under the shared keys.
    queryKey: [...keys.router(project, router), "rules-editor", "summary"],
    queryFn: ({ signal }) => api<RouterSummaryView>(routerPath(project, router), { signal }),
    enabled,
    select: (r) => r.data,
  });
  const number = summary.data?.activeVersion ?? null;
  const version = useQuery({
    queryKey: [...keys.router(project, router), "rules-editor", "version", number ?? 0],
    queryFn: ({ signal }) => api<VersionView>(`${routerPath(project, router)}/versions/${number}`, { signal }),
    enabled: enabled && number !== null,
    // Versions are immutable: once read, never stale.
    staleTime: Infinity,
    select: (r) => r.data,
  });
  const loading = summary.isPending || (number !== null && version.isPending);
  return {
    loading,
    error: summary.error ?? version.error,
    number,
    document: number === null ? null : (version.data?.document ?? null),
  };
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { routerSummaryOptions } from "@/components/routers/queries/use-router-summary";
import { versionOptions } from "@/components/routers/queries/use-version";

/**
 * The active version's document (with its sticky slot tables), to tell how many sticky
 * users an edit moves: the router summary the page holds names the active version (draft
 * writes keep it current, so it is not asked again here), GET …/versions/{n} has its
 * document. `document` is null when nothing is deployed.
 */
export function useActiveVersion(project: string, router: string, enabled = true) {
  const summary = useQuery({ ...routerSummaryOptions(project, router), enabled, staleTime: Infinity });
  const number = summary.data?.activeVersion ?? null;
  const version = useQuery({ ...versionOptions(project, router, number ?? 0), enabled: enabled && number !== null });
  const loading = summary.isPending || (number !== null && version.isPending);
  return {
    loading,
    error: summary.error ?? version.error,
    number,
    document: number === null ? null : (version.data?.document ?? null),
  };
}

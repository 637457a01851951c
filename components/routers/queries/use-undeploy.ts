"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { planUndeploy, type UndeployRequest } from "@/lib/routers/undeploy";
import { storeDraftAnswer } from "./draft-cache";
import { routerPath, type UndeployResult } from "./types";

/**
 * Applies an undeploy to the draft, only if the draft is still at `revision` (else 412).
 * The server applied the lib's plan to the draft at that revision — the cached one — so
 * the same plan gives the cached draft its new state.
 */
export function useUndeploy(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ route, request, revision }: { route: string; request: UndeployRequest; revision: number | null }) =>
      (
        await api<UndeployResult>(`${routerPath(project, router)}/routes/${route}/undeploy`, {
          method: "POST",
          body: { ...request, dryRun: false },
          revision,
        })
      ).data,
    onSuccess: (result, { route, request }) =>
      storeDraftAnswer(client, project, router, result.revision ?? null, (doc) => planUndeploy(doc, route, request).document),
  });
}

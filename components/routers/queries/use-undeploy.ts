"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { UndeployRequest } from "@/lib/routers/undeploy";
import { invalidateRouter } from "./invalidate";
import { routerPath, type UndeployResult } from "./types";

/** Applies an undeploy to the draft, only if the draft is still at `revision` (else 412). */
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
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

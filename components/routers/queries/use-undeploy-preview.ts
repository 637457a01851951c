"use client";

import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { UndeployRequest } from "@/lib/routers/undeploy";
import { routerPath, type UndeployResult } from "./types";

/** The undeploy dry run: per rule, the split before and after and the share of sticky keys that move. Changes nothing. */
export function useUndeployPreview(project: string, router: string) {
  return useMutation({
    mutationFn: async ({ route, request }: { route: string; request: UndeployRequest }) =>
      (
        await api<UndeployResult>(`${routerPath(project, router)}/routes/${route}/undeploy`, {
          method: "POST",
          body: { ...request, dryRun: true },
        })
      ).data,
  });
}

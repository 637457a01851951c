"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client/fetch";
import { invalidateRouter } from "./invalidate";
import type { Convergence } from "@/components/gateways/types";
import { routerPath, type RouterSummary } from "./types";

export type DeployInput = {
  message: string;
  /** The draft revision the user reviewed; when the draft has moved on since, nothing is deployed (412). */
  reviewedRevision?: number | null;
};

/**
 * Deploys the draft as the next version. The deployments endpoint takes no If-Match, so
 * the revision the user reviewed is checked first: a draft someone changed meanwhile is
 * never deployed unseen.
 */
export function useDeploy(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ message, reviewedRevision }: DeployInput) => {
      if (reviewedRevision !== undefined && reviewedRevision !== null) {
        const { data } = await api<RouterSummary>(routerPath(project, router));
        if (data.revision !== reviewedRevision) {
          throw new ApiError(
            412,
            "stale_revision",
            `the draft was changed by someone else since you reviewed it (revision ${reviewedRevision}, it is now ${data.revision}); reload and review again`,
          );
        }
      }
      // The answer waits (a few seconds at most) until every live gateway serves the version.
      return (await api<{ version: number; convergence?: Convergence }>(`${routerPath(project, router)}/deployments?wait=true`, { method: "POST", body: { message } })).data;
    },
    // The router's key covers its gateways too: the header's "served by" follows at once.
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

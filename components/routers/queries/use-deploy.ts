"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { invalidateRouter } from "./invalidate";
import type { Convergence } from "@/components/gateways/types";
import { routerPath } from "./types";

export type DeployInput = {
  message: string;
  /** The draft revision the user reviewed (If-Match): when the draft has moved on since, nothing is deployed (412). */
  reviewedRevision?: number | null;
  /** Abort the router's rollout in progress and deploy anyway (otherwise refused with 409). */
  abortRollout?: boolean;
};

/** Deploys the draft the user reviewed as the next version; the server checks the revision under the router's lock. */
export function useDeploy(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    // The answer waits (a few seconds at most) until every live gateway serves the version.
    mutationFn: async ({ message, reviewedRevision, abortRollout }: DeployInput) =>
      (
        await api<{ version: number; convergence?: Convergence }>(`${routerPath(project, router)}/deployments?wait=true`, {
          method: "POST",
          body: { message, ...(abortRollout ? { abortRollout: true } : {}) },
          revision: reviewedRevision,
        })
      ).data,
    // The router's key covers its gateways too: the header's "served by" follows at once.
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { invalidateRouter } from "./invalidate";
import { routerPath } from "./types";

export type DeployInput = {
  message: string;
  /** The draft revision the user reviewed (If-Match): when the draft has moved on since, nothing is deployed (412). */
  reviewedRevision?: number | null;
};

/** Deploys the draft the user reviewed as the next version; the server checks the revision under the router's lock. */
export function useDeploy(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ message, reviewedRevision }: DeployInput) =>
      (await api<{ version: number }>(`${routerPath(project, router)}/deployments`, { method: "POST", body: { message }, revision: reviewedRevision })).data,
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { rolloutDetailSchema, type RolloutDetail } from "@/lib/rollouts/schema";
import { invalidateRouter } from "@/components/routers/queries/invalidate";
import { rolloutPath } from "./paths";

export type RolloutAction = "pause" | "resume" | "promote" | "abort";

/** What the page shows at once for pause and resume (no deploy involved); promote and abort wait for the server. */
function optimistic(r: RolloutDetail, action: RolloutAction): RolloutDetail | null {
  if (action === "pause" && r.status === "running") return { ...r, status: "paused", pause: "manual" };
  if (action === "resume" && r.status === "paused") return { ...r, status: "running", pause: null };
  return null;
}

/**
 * Pause, resume, promote or abort. Pause and resume show at once and roll back if the server
 * refuses; the server's answer (the rollout as it now is) replaces the cache entry.
 */
export function useRolloutAction(project: string, router: string, id: number) {
  const client = useQueryClient();
  const key = keys.rollout(project, router, id);
  return useMutation({
    mutationFn: async (action: RolloutAction) => (await api(`${rolloutPath(project, router, id)}/${action}`, { method: "POST", schema: rolloutDetailSchema })).data,
    onMutate: async (action) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<RolloutDetail>(key);
      const next = before ? optimistic(before, action) : null;
      if (next) client.setQueryData(key, next);
      return { before };
    },
    onError: (_error, _action, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSuccess: async (updated, action) => {
      client.setQueryData(key, updated);
      if (action === "promote" || action === "abort") await invalidateRouter(client, project, router);
      await client.invalidateQueries({ queryKey: keys.routerRollouts(project, router), exact: true });
    },
  });
}

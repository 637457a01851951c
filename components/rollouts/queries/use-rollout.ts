"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { rolloutDetailSchema, type RolloutDetail } from "@/lib/rollouts/schema";
import { inProgress, rolloutPath } from "./paths";

/** One rollout with its timeline and evaluations: refreshed every 2 s while it is in progress, never after. */
export function useRollout(project: string, router: string, id: number, initial?: RolloutDetail) {
  return useQuery({
    queryKey: keys.rollout(project, router, id),
    queryFn: async ({ signal }) => (await api(rolloutPath(project, router, id), { signal, schema: rolloutDetailSchema })).data,
    initialData: initial,
    refetchInterval: (query) => (query.state.data && !inProgress(query.state.data.status) ? false : 2_000),
  });
}

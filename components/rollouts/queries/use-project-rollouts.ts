"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { rolloutPageSchema } from "@/lib/rollouts/schema";

/** Every rollout of the project (the newest 100), refreshed every 5 s. */
export function useProjectRollouts(project: string) {
  return useQuery({
    queryKey: keys.projectRollouts(project),
    queryFn: async ({ signal }) => (await api(`/projects/${project}/rollouts?limit=100`, { signal, schema: rolloutPageSchema })).data,
    refetchInterval: 5_000,
  });
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { rolloutPageSchema } from "@/lib/rollouts/schema";
import { rolloutsPath } from "./paths";

/** A router's rollouts, newest first (the first page), refreshed every 5 s: a rollout moves on its own. */
export function useRouterRollouts(project: string, router: string) {
  return useQuery({
    queryKey: keys.routerRollouts(project, router),
    queryFn: async ({ signal }) => (await api(`${rolloutsPath(project, router)}?limit=50`, { signal, schema: rolloutPageSchema })).data,
    refetchInterval: 5_000,
  });
}

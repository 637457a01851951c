"use client";

import { useQuery } from "@tanstack/react-query";
import { keys } from "@/lib/api-client/keys";
import { requestReplay, type ReplayParams } from "./replay-request";

/**
 * A replay read as a query (the deploy dialog's impact): run once per set of params and
 * revision, never refetched behind the user's back — a replay is minutes of traffic, not live.
 */
export function useReplayImpact(project: string, router: string, params: ReplayParams & { revision: number | null }, enabled = true) {
  const { revision: _revision, ...body } = params;
  return useQuery({
    queryKey: keys.replay(project, router, params),
    queryFn: ({ signal }) => requestReplay(project, router, body, signal),
    enabled,
    staleTime: Infinity,
    gcTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

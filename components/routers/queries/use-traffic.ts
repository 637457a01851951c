"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { TrafficView } from "@/lib/gateway/traffic";
import type { TrafficWindow } from "@/lib/fleet/router-metrics";
import { routerPath } from "./types";

/** What the fleet routed (since start, or over a window), refreshed every 5 s while the tab is open. */
export function useTraffic(project: string, router: string, window: TrafficWindow | null = null) {
  return useQuery({
    queryKey: [...keys.router(project, router), "traffic", window ?? "start"],
    queryFn: async ({ signal }) => (await api<TrafficView>(`${routerPath(project, router)}/traffic${window ? `?window=${window}` : ""}`, { signal })).data,
    refetchInterval: 5_000,
    placeholderData: keepPreviousData,
  });
}

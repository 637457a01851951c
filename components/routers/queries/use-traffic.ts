"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { TrafficView } from "@/lib/gateway/traffic";
import { routerPath } from "./types";

/** What the gateway actually routed, refreshed every 5 s while the tab is open. */
export function useTraffic(project: string, router: string) {
  return useQuery({
    queryKey: keys.traffic(project, router),
    queryFn: async ({ signal }) => (await api<TrafficView>(`${routerPath(project, router)}/traffic`, { signal })).data,
    refetchInterval: 5_000,
  });
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { SampleSummary } from "@/lib/replay/schema";
import { routerPath } from "@/components/routers/queries/types";

/** How many requests are stored for replay, and how many the gateways recorded and dropped. */
export function useSampleSummary(project: string, router: string) {
  return useQuery({
    queryKey: [...keys.samples(project, router), "summary"],
    queryFn: async ({ signal }) => (await api<SampleSummary>(`${routerPath(project, router)}/samples/summary`, { signal })).data,
    refetchInterval: 15_000,
  });
}

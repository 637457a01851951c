"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerPath, type VersionDiff } from "./types";

/** What changed from version `from` to version `to` (both immutable, so cached for good). */
export function useVersionDiff(project: string, router: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: keys.diff(project, router, to ?? 0, from ?? 0),
    queryFn: async ({ signal }) => (await api<VersionDiff>(`${routerPath(project, router)}/versions/${to}/diff?against=${from}`, { signal })).data,
    enabled: from !== null && to !== null,
    staleTime: Infinity,
  });
}

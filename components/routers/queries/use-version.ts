"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerPath, type VersionDetail } from "./types";

/** One version with its frozen document; versions never change, so this is cached for good. */
export function useVersion(project: string, router: string, n: number | null) {
  return useQuery({
    queryKey: keys.version(project, router, n ?? 0),
    queryFn: async ({ signal }) => (await api<VersionDetail>(`${routerPath(project, router)}/versions/${n}`, { signal })).data,
    enabled: n !== null,
    staleTime: Infinity,
  });
}

"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerPath, type VersionDetail } from "./types";

/** Versions never change, so one read is cached for good. */
export const versionOptions = (project: string, router: string, n: number) =>
  queryOptions({
    queryKey: keys.version(project, router, n),
    queryFn: async ({ signal }) => (await api<VersionDetail>(`${routerPath(project, router)}/versions/${n}`, { signal })).data,
    staleTime: Infinity,
  });

/** One version with its frozen document. */
export function useVersion(project: string, router: string, n: number | null) {
  return useQuery({ ...versionOptions(project, router, n ?? 0), enabled: n !== null });
}

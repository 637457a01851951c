"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerPath, type Analysis } from "./types";

export const analysisOptions = (project: string, router: string) =>
  queryOptions({
    queryKey: keys.analysis(project, router),
    queryFn: async ({ signal }) => (await api<Analysis>(`${routerPath(project, router)}/analysis`, { signal })).data,
  });

/** The draft's findings: errors block a deploy, warnings do not. */
export function useAnalysis(project: string, router: string, enabled = true) {
  return useQuery({ ...analysisOptions(project, router), enabled });
}

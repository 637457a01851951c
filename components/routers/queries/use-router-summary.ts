"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerSummarySchema } from "@/lib/routers/schema";
import { routerPath, type RouterSummary } from "./types";

export const routerSummaryOptions = (project: string, router: string) =>
  queryOptions({
    queryKey: keys.router(project, router),
    queryFn: async ({ signal }) => (await api(routerPath(project, router), { signal, schema: routerSummarySchema })).data,
  });

/** The router's header facts: revision, active version, undeployed changes, findings count. */
export function useRouterSummary(project: string, router: string, initialData?: RouterSummary) {
  return useQuery({ ...routerSummaryOptions(project, router), initialData });
}

"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";
import { routerPath, type RouterConfig } from "./types";

export const routerConfigOptions = (project: string, router: string) =>
  queryOptions({
    queryKey: keys.config(project, router),
    queryFn: ({ signal }): Promise<RouterConfig> => api<RouterDocument>(`${routerPath(project, router)}/config`, { signal }),
  });

/** The draft as one router document, with the revision (ETag) every write sends back as If-Match. */
export function useRouterConfig(project: string, router: string, initialData?: RouterConfig) {
  return useQuery({ ...routerConfigOptions(project, router), initialData });
}

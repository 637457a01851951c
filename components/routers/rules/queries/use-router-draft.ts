"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument } from "@/lib/router/document";
import { routerPath, type Draft } from "@/components/routers/queries/draft-cache";

/** The router's draft document and its revision (GET …/config). */
export function useRouterDraft(project: string, router: string) {
  return useQuery({
    queryKey: keys.config(project, router),
    queryFn: ({ signal }): Promise<Draft> => api<RouterDocument>(`${routerPath(project, router)}/config`, { signal }),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { Route } from "@/lib/router/document";
import { invalidateRouter } from "./invalidate";
import { routerPath } from "./types";

/** Changes a route's URL or timeout, only if the draft is still at `revision` (else 412). */
export function useUpdateRoute(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, patch, revision }: { name: string; patch: Partial<Omit<Route, "name">>; revision: number | null }) =>
      (await api<Route>(`${routerPath(project, router)}/routes/${name}`, { method: "PATCH", body: patch, revision })).data,
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

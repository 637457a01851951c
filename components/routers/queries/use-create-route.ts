"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { Route } from "@/lib/router/document";
import { invalidateRouter } from "./invalidate";
import { routerPath } from "./types";

/** Adds a route to the draft, only if it is still at `revision` (else 412). */
export function useCreateRoute(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ route, revision }: { route: Route; revision: number | null }) =>
      (await api<Route>(`${routerPath(project, router)}/routes`, { method: "POST", body: route, revision })).data,
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterSummary } from "./types";

export type NewRouter = { name: string; description?: string; route: { name: string; url: string; timeoutMs?: number } };

/** Creates a router with one route; without a default rule, the API sends all traffic to it. */
export function useCreateRouter(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewRouter) =>
      (
        await api<RouterSummary>(`/projects/${project}/routers`, {
          method: "POST",
          body: {
            name: input.name,
            ...(input.description ? { description: input.description } : {}),
            routes: [{ name: input.route.name, url: input.route.url, ...(input.route.timeoutMs ? { timeoutMs: input.route.timeoutMs } : {}) }],
          },
        })
      ).data,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.routers(project), exact: true }),
  });
}

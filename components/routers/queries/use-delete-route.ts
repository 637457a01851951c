"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { invalidateRouter } from "./invalidate";
import { routerPath } from "./types";

/** Removes an unused route; refused with 409 while a rule or shadow uses it (undeploy it instead). */
export function useDeleteRoute(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, revision }: { name: string; revision: number | null }) => {
      await api<void>(`${routerPath(project, router)}/routes/${name}`, { method: "DELETE", revision });
    },
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { RouterSettings } from "@/lib/router/document";
import { invalidateRouter } from "./invalidate";
import { routerPath, type RouterSummary } from "./types";

export type RouterUpdate = { description?: string; settings?: Partial<RouterSettings> };

/** Changes the draft's description and settings, only if it is still at `revision` (else 412). */
export function useUpdateRouter(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ patch, revision }: { patch: RouterUpdate; revision: number | null }) =>
      (await api<RouterSummary>(routerPath(project, router), { method: "PATCH", body: patch, revision })).data,
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

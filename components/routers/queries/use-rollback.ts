"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { rollbackResponseSchema } from "@/lib/routers/schema";
import { invalidateRouter } from "./invalidate";
import { routerPath } from "./types";

/** Redeploys version `version` (its slot tables included) as the next version; the draft is left alone. */
export function useRollback(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, message }: { version: number; message?: string }) =>
      (
        await api(`${routerPath(project, router)}/versions/${version}/rollback`, {
          method: "POST",
          body: message ? { message } : {},
          schema: rollbackResponseSchema,
        })
      ).data,
    onSuccess: () => invalidateRouter(client, project, router),
  });
}

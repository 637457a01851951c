"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { removeRoute } from "@/lib/routers/edits";
import { storeDraftAnswer } from "./draft-cache";
import { routerPath } from "./types";

/** Removes an unused route; refused with 409 while a rule or shadow uses it (undeploy it instead). */
export function useDeleteRoute(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, revision }: { name: string; revision: number | null }) =>
      api<void>(`${routerPath(project, router)}/routes/${name}`, { method: "DELETE", revision }),
    onSuccess: (result, { name }) => storeDraftAnswer(client, project, router, result.revision, (doc) => removeRoute(doc, name)),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";

/** Deletes the project (owners, administrators) with the revision the page showed as If-Match. */
export function useDeleteProject(project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (revision: number | null) => api(`/projects/${encodeURIComponent(project)}`, { method: "DELETE", revision }),
    onSuccess: () => {
      client.removeQueries({ queryKey: keys.project(project) });
      void client.invalidateQueries({ queryKey: keys.projects(), exact: true });
    },
  });
}

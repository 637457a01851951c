"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { projectResponseSchema, type ProjectCreate } from "@/lib/projects/schema";

/** Creates a project (administrators); the creator becomes its owner. */
export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ProjectCreate) => api("/projects", { method: "POST", body: input, schema: projectResponseSchema }),
    onSuccess: (result) => {
      client.setQueryData(keys.project(result.data.name), result);
      void client.invalidateQueries({ queryKey: keys.projects(), exact: true });
    },
  });
}

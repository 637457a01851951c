"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, ApiError, type ApiResult } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { ProjectResponse, ProjectUpdate } from "@/lib/projects/schema";

/**
 * PATCH the project's display name and description with If-Match: a stale revision gets
 * 412 and changes nothing; the caller shows that inline and offers a reload.
 */
export function useUpdateProject(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ changes, revision }: { changes: ProjectUpdate; revision: number | null }) =>
      api<ProjectResponse>(`/projects/${encodeURIComponent(project)}`, { method: "PATCH", body: changes, revision }),
    onSuccess: (result) => {
      queryClient.setQueryData<ApiResult<ProjectResponse>>(keys.project(project), result);
      toast.success("Project details saved");
    },
    onError: (error) => {
      // Conflicts and field errors are shown in the form itself.
      if (error instanceof ApiError && (error.isConflict || error.status === 422)) return;
      toast.error(error instanceof ApiError ? `Could not save: ${error.detail}` : "Could not save: the console is unreachable");
    },
  });
}

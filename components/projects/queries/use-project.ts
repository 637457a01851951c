"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { ProjectResponse } from "@/lib/projects/schema";

/** One project with the caller's role in it and its revision (for If-Match on edits). */
export function useProject(project: string | null) {
  return useQuery({
    queryKey: keys.project(project ?? ""),
    queryFn: ({ signal }) => api<ProjectResponse>(`/projects/${encodeURIComponent(project!)}`, { signal }),
    enabled: project !== null,
  });
}

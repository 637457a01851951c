"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { Member } from "@/components/members/types";

/** The project's members and their roles; any member may read the list. */
export function useMembers(project: string) {
  return useQuery({
    queryKey: keys.members(project),
    queryFn: async ({ signal }) => (await api<{ items: Member[] }>(`/projects/${encodeURIComponent(project)}/members`, { signal })).data.items,
  });
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { Token } from "@/components/tokens/types";

/** The project's API tokens, newest first, revoked ones included (owners only). */
export function useTokens(project: string) {
  return useQuery({
    queryKey: keys.tokens(project),
    queryFn: async ({ signal }) => (await api<{ items: Token[] }>(`/projects/${encodeURIComponent(project)}/tokens`, { signal })).data.items,
  });
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { DisagreementPage } from "@/lib/shadows/schema";
import { routerPath } from "@/components/routers/queries/types";

/** The latest stored disagreements (one page), refreshed with the traffic every 5 s. */
export function useDisagreements(project: string, router: string) {
  return useQuery({
    queryKey: keys.disagreements(project, router),
    queryFn: async ({ signal }) => (await api<DisagreementPage>(`${routerPath(project, router)}/shadow-disagreements?limit=20`, { signal })).data,
    refetchInterval: 5_000,
  });
}

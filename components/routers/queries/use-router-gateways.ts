"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterFleet } from "@/components/gateways/types";
import { routerPath } from "./types";

/** The gateways serving a router and the version each serves, refreshed every 2 s. */
export function useRouterGateways(project: string, router: string) {
  return useQuery({
    queryKey: keys.routerGateways(project, router),
    queryFn: async ({ signal }) => (await api<RouterFleet>(`${routerPath(project, router)}/gateways`, { signal })).data,
    refetchInterval: 2_000,
  });
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { Fleet } from "@/components/gateways/types";

/** Every registered gateway (administrators), refreshed every 2 s so heartbeats and convergence show live. */
export function useGateways() {
  return useQuery({
    queryKey: keys.gateways(),
    queryFn: async ({ signal }) => (await api<Fleet>("/gateways", { signal })).data,
    refetchInterval: 2_000,
  });
}

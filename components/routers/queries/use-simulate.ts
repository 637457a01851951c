"use client";

import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { RoutingRequest } from "@/lib/router/document";
import type { Distribution, SimulationResult } from "@/lib/routers/simulate";
import { routerPath } from "./types";

/** Everyone, viewers included, simulates through the API: it is read-only. */
export type SimulateInput = { version: "draft" | "active" } & ({ request: RoutingRequest } | { requests: RoutingRequest[] });

export type SingleResult = Extract<SimulationResult, { mode: "single" }>;
export type BatchResult = { mode: "batch"; distribution: Distribution };

/** Requests per API call: keeps each body well under the endpoint's 8 MB limit even with a sizeable payload. */
const CHUNK = 2_500;

function merge(parts: Distribution[]): Distribution {
  const sum = (pick: (d: Distribution) => { key: string; count: number }[]) => {
    const m = new Map<string, number>();
    for (const d of parts) for (const { key, count } of pick(d)) m.set(key, (m.get(key) ?? 0) + count);
    return [...m];
  };
  const total = parts.reduce((a, d) => a + d.total, 0);
  return {
    total,
    routes: sum((d) => d.routes.map((r) => ({ key: r.route, count: r.count })))
      .map(([route, count]) => ({ route, count, share: total ? count / total : 0 }))
      .sort((a, b) => b.count - a.count),
    rules: sum((d) => d.rules.map((r) => ({ key: r.rule, count: r.count }))).map(([rule, count]) => ({ rule, count })),
    shadows: sum((d) => d.shadows.map((r) => ({ key: r.route, count: r.count }))).map(([route, count]) => ({ route, count })),
    errors: sum((d) => d.errors.map((r) => ({ key: r.code, count: r.count }))).map(([code, count]) => ({ code, count })),
  };
}

/** Runs one request (with its trace) or many (with the distribution) through the router's draft or active version. */
export function useSimulate(project: string, router: string) {
  return useMutation({
    mutationFn: async (input: SimulateInput): Promise<SingleResult | BatchResult> => {
      const { version } = input;
      if ("request" in input) {
        const { data } = await api<SingleResult>(`${routerPath(project, router)}/simulate`, { method: "POST", body: { version, request: input.request } });
        return data;
      }
      const parts: Distribution[] = [];
      for (let i = 0; i < input.requests.length; i += CHUNK) {
        const { data } = await api<{ mode: "batch"; distribution: Distribution }>(`${routerPath(project, router)}/simulate`, {
          method: "POST",
          body: { version, requests: input.requests.slice(i, i + CHUNK) },
        });
        parts.push(data.distribution);
      }
      return { mode: "batch", distribution: merge(parts) };
    },
  });
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterList, RouterSummary } from "./types";

/** Every router of a project with its active version, undeployed-changes flag and live findings. */
export function useRouters(project: string, initialData?: RouterSummary[]) {
  return useQuery({
    queryKey: keys.routers(project),
    queryFn: async ({ signal }) => {
      const all: RouterSummary[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page: RouterList = (await api<RouterList>(`/projects/${project}/routers?limit=200${query}`, { signal })).data;
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    initialData,
  });
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { versionPageSchema } from "@/lib/routers/schema";
import { routerPath } from "./types";

/** Deployed versions, newest first, 50 at a time. */
export function useVersions(project: string, router: string) {
  return useInfiniteQuery({
    queryKey: keys.versions(project, router),
    queryFn: async ({ signal, pageParam }) => {
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : "";
      return (await api(`${routerPath(project, router)}/versions?limit=50${cursor}`, { signal, schema: versionPageSchema })).data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

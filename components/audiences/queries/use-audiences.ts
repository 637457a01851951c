"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { audiencesPath, type AudienceView } from "./audience-types";

const PAGE = 200;

/** Every audience of the project (following the list's cursor), ordered by name. */
export function useAudiences(project: string, options: { enabled?: boolean; initialData?: AudienceView[] } = {}) {
  return useQuery({
    queryKey: keys.audiences(project),
    enabled: options.enabled ?? true,
    initialData: options.initialData,
    queryFn: async ({ signal }): Promise<AudienceView[]> => {
      const all: AudienceView[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const page: { data: { items: AudienceView[]; nextCursor: string | null } } = await api(`${audiencesPath(project)}${query}`, { signal });
        all.push(...page.data.items);
        cursor = page.data.nextCursor;
      } while (cursor);
      return all;
    },
  });
}

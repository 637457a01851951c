"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { SampleSummary } from "@/lib/replay/schema";
import { routerPath } from "@/components/routers/queries/types";

/** Deletes every stored sample of the router; the counts show none at once, and come back if the server refuses. */
export function useDeleteSamples(project: string, router: string) {
  const client = useQueryClient();
  const summaryKey = [...keys.samples(project, router), "summary"];
  return useMutation({
    mutationFn: async () => {
      await api<void>(`${routerPath(project, router)}/samples`, { method: "DELETE" });
    },
    onMutate: async () => {
      await client.cancelQueries({ queryKey: summaryKey });
      const previous = client.getQueryData<SampleSummary>(summaryKey);
      if (previous) client.setQueryData<SampleSummary>(summaryKey, { ...previous, stored: 0, oldest: null, newest: null, recorded: 0, dropped: {}, since: null });
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) client.setQueryData(summaryKey, context.previous);
    },
    // Replays computed over the deleted samples are stale.
    onSettled: () => client.invalidateQueries({ queryKey: keys.samples(project, router) }),
  });
}

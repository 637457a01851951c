"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { DisagreementPage } from "@/lib/shadows/schema";
import { routerPath } from "@/components/routers/queries/types";

/** Deletes one stored disagreement (`id`) or all of them; the list drops them at once and comes back if the server refuses. */
export function useDeleteDisagreements(project: string, router: string) {
  const client = useQueryClient();
  const key = keys.disagreements(project, router);
  return useMutation({
    mutationFn: async ({ id }: { id?: string }) => {
      await api<void>(`${routerPath(project, router)}/shadow-disagreements${id ? `/${id}` : ""}`, { method: "DELETE" });
    },
    onMutate: async ({ id }) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<DisagreementPage>(key);
      if (previous) client.setQueryData<DisagreementPage>(key, { ...previous, items: id ? previous.items.filter((d) => d.id !== id) : [], nextCursor: id ? previous.nextCursor : null });
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) client.setQueryData(key, context.previous);
    },
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { RouterDocument, RouterSettings } from "@/lib/router/document";
import { storeDraftAnswer } from "./draft-cache";
import { routerPath, type RouterSummary } from "./types";

export type RouterUpdate = { description?: string; settings?: Partial<RouterSettings> };

/** The draft with the description and settings the answer says it now has (a stored draft has no empty description). */
function withSummary(doc: RouterDocument, summary: RouterSummary): RouterDocument {
  const { description: _description, ...rest } = doc;
  return { ...rest, ...(summary.description ? { description: summary.description } : {}), settings: summary.settings };
}

/**
 * Changes the draft's description and settings, only if it is still at `revision` (else
 * 412). The answer is the router's summary after the change, which goes into the cache
 * with the draft's new settings.
 */
export function useUpdateRouter(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ patch, revision }: { patch: RouterUpdate; revision: number | null }) =>
      (await api<RouterSummary>(routerPath(project, router), { method: "PATCH", body: patch, revision })).data,
    onSuccess: (summary) => {
      storeDraftAnswer(client, project, router, summary.revision, (doc) => withSummary(doc, summary));
      client.setQueryData<RouterSummary>(keys.router(project, router), summary);
    },
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { Route } from "@/lib/router/document";
import { updateRoute } from "@/lib/routers/edits";
import { storeDraftAnswer } from "./draft-cache";
import { routerPath } from "./types";

/** Changes a route's URL or timeout, only if the draft is still at `revision` (else 412); the answer goes into the cached draft. */
export function useUpdateRoute(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, patch, revision }: { name: string; patch: Partial<Omit<Route, "name">>; revision: number | null }) =>
      api<Route>(`${routerPath(project, router)}/routes/${name}`, { method: "PATCH", body: patch, revision }),
    onSuccess: (result, { name }) => {
      const { name: _name, ...saved } = result.data;
      storeDraftAnswer(client, project, router, result.revision, (doc) => updateRoute(doc, name, saved));
    },
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { Route } from "@/lib/router/document";
import { addRoute } from "@/lib/routers/edits";
import { storeDraftAnswer } from "./draft-cache";
import { routerPath } from "./types";

/** Adds a route to the draft, only if it is still at `revision` (else 412); the answer goes into the cached draft. */
export function useCreateRoute(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ route, revision }: { route: Route; revision: number | null }) =>
      api<Route>(`${routerPath(project, router)}/routes`, { method: "POST", body: route, revision }),
    onSuccess: (result) => storeDraftAnswer(client, project, router, result.revision, (doc) => addRoute(doc, result.data)),
  });
}

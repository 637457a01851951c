"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { rolloutDetailSchema, type rolloutCreateSchema } from "@/lib/rollouts/schema";
import { invalidateRouter } from "@/components/routers/queries/invalidate";
import { rolloutsPath } from "./paths";

/** Starts a rollout; its first stage is a deploy, so the router's state is refreshed, and the answer seeds the rollout's cache. */
export function useStartRollout(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: z.input<typeof rolloutCreateSchema>) => (await api(rolloutsPath(project, router), { method: "POST", body, schema: rolloutDetailSchema })).data,
    onSuccess: async (created) => {
      client.setQueryData(keys.rollout(project, router, created.id), created);
      await Promise.all([invalidateRouter(client, project, router), client.invalidateQueries({ queryKey: keys.projectRollouts(project) })]);
    },
  });
}

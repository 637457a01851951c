"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { Condition } from "@/lib/router/document";
import { audiencesPath, type AudienceView } from "./audience-types";

export type SaveAudienceInput =
  | { mode: "create"; name: string; description: string; conditions: Condition[] }
  | { mode: "edit"; name: string; revision: number; description: string; conditions: Condition[] };

/**
 * POST …/audiences or PATCH …/audiences/{a} (with If-Match). An audience edit changes the
 * rules that use it in every router of the project, so every router view is refreshed.
 */
export function useSaveAudience(project: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: SaveAudienceInput) => {
      const body = { description: input.description, conditions: input.conditions };
      if (input.mode === "create") {
        return (await api<AudienceView>(audiencesPath(project), { method: "POST", body: { name: input.name, ...body } })).data;
      }
      return (await api<AudienceView>(`${audiencesPath(project)}/${encodeURIComponent(input.name)}`, { method: "PATCH", body, revision: input.revision })).data;
    },
    onSuccess: (saved) => {
      qc.setQueryData<AudienceView[]>(keys.audiences(project), (old) =>
        old ? [...old.filter((a) => a.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name)) : old,
      );
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: keys.audiences(project) });
      void qc.invalidateQueries({ queryKey: keys.routers(project) });
    },
  });
}

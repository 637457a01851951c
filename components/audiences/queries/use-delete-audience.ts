"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { audiencesPath } from "./audience-types";

/** DELETE …/audiences/{a}; the server refuses (409) while a rule uses it. */
export function useDeleteAudience(project: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, revision }: { name: string; revision: number }) =>
      api<void>(`${audiencesPath(project)}/${encodeURIComponent(name)}`, { method: "DELETE", revision }),
    onSuccess: (_r, { name }) => {
      qc.setQueryData<{ name: string }[]>(keys.audiences(project), (old) => old?.filter((a) => a.name !== name));
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.audiences(project) }),
  });
}

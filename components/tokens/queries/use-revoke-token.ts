"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { errorText } from "@/components/common/error-text";
import type { Token } from "@/components/tokens/types";

/** Revokes a token at once; it stays in the list, marked revoked. */
export function useRevokeToken(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (token: Pick<Token, "id" | "name">) =>
      (await api<Token>(`/projects/${encodeURIComponent(project)}/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" })).data,
    onSuccess: (token) => {
      queryClient.setQueryData<Token[]>(keys.tokens(project), (list) => list?.map((t) => (t.id === token.id ? token : t)));
      void queryClient.invalidateQueries({ queryKey: keys.tokens(project) });
      toast.success(`Token ${token.name} revoked`);
    },
    onError: (error, token) => toast.error(`Could not revoke ${token.name}: ${errorText(error)}`),
  });
}

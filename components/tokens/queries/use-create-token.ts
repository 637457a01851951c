"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { errorText } from "@/components/common/error-text";
import type { CreatedToken, TokenCreate } from "@/components/tokens/types";

/** Creates a token; the result carries the secret, which the caller shows once and then forgets. */
export function useCreateToken(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: TokenCreate) =>
      (await api<CreatedToken>(`/projects/${encodeURIComponent(project)}/tokens`, { method: "POST", body: input })).data,
    onSuccess: (token) => {
      // The list holds the token without its secret: never put the POST answer in the cache.
      void queryClient.invalidateQueries({ queryKey: keys.tokens(project) });
      toast.success(`Token ${token.name} created`);
    },
    onError: (error) => {
      // Field errors and duplicate names are shown next to the field.
      if (error instanceof ApiError && (error.status === 422 || error.status === 409)) return;
      toast.error(`Could not create the token: ${errorText(error)}`);
    },
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { errorText } from "@/components/common/error-text";

/** Deletes a user, their sessions and their memberships (administrators only). */
export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (email: string) => {
      await api(`/users/${encodeURIComponent(email)}`, { method: "DELETE" });
      return email;
    },
    onSuccess: (email) => {
      void queryClient.invalidateQueries({ queryKey: keys.users() });
      // Member lists that showed them are now out of date.
      void queryClient.invalidateQueries({ queryKey: keys.projects() });
      toast.success(`User ${email} deleted`);
    },
    onError: (error, email) => toast.error(`Could not delete ${email}: ${errorText(error)}`),
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { errorText } from "@/components/common/error-text";

/** Removes a member from the project (owners); the server refuses to remove the last owner. */
export function useRemoveMember(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (email: string) => {
      await api(`/projects/${encodeURIComponent(project)}/members/${encodeURIComponent(email)}`, { method: "DELETE" });
      return email;
    },
    onSuccess: (email) => {
      void queryClient.invalidateQueries({ queryKey: keys.members(project) });
      void queryClient.invalidateQueries({ queryKey: keys.project(project), exact: true });
      void queryClient.invalidateQueries({ queryKey: keys.users() });
      toast.success(`${email} removed from the project`);
    },
    onError: (error, email) => toast.error(`Could not remove ${email}: ${errorText(error)}`),
  });
}

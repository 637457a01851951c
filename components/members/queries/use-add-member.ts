"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { ProjectRole } from "@/lib/auth/roles";
import { errorText } from "@/components/common/error-text";
import type { Member } from "@/components/members/types";

/** Adds an existing user to the project with a role (owners). */
export function useAddMember(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; role: ProjectRole }) =>
      (await api<Member>(`/projects/${encodeURIComponent(project)}/members`, { method: "POST", body: input })).data,
    onSuccess: (member) => {
      void queryClient.invalidateQueries({ queryKey: keys.members(project) });
      // The users page counts each user's projects.
      void queryClient.invalidateQueries({ queryKey: keys.users() });
      toast.success(`${member.email} added as ${member.role}`);
    },
    onError: (error) => {
      // Unknown users, existing members and invalid emails are shown in the form.
      if (error instanceof ApiError && [404, 409, 422].includes(error.status)) return;
      toast.error(`Could not add the member: ${errorText(error)}`);
    },
  });
}

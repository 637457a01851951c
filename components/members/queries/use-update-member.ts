"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { ProjectRole } from "@/lib/auth/roles";
import { errorText } from "@/components/common/error-text";
import type { Member } from "@/components/members/types";

/** Changes a member's role (owners); the server keeps at least one owner. */
export function useUpdateMember(project: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; role: ProjectRole }) =>
      (await api<Member>(`/projects/${encodeURIComponent(project)}/members/${encodeURIComponent(input.email)}`, { method: "PATCH", body: { role: input.role } })).data,
    onSuccess: (member) => {
      queryClient.setQueryData<Member[]>(keys.members(project), (list) => list?.map((m) => (m.email === member.email ? member : m)));
      void queryClient.invalidateQueries({ queryKey: keys.members(project) });
      // The caller's own role may have changed with it.
      void queryClient.invalidateQueries({ queryKey: keys.project(project), exact: true });
      toast.success(`${member.email} is now ${member.role}`);
    },
    onError: (error, input) => {
      toast.error(`Could not change ${input.email}'s role: ${errorText(error)}`);
      // The select showed the new role optimistically; put the server's back.
      void queryClient.invalidateQueries({ queryKey: keys.members(project) });
    },
  });
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { errorText } from "@/components/common/error-text";
import type { User } from "@/components/users/types";

/** Makes a user an administrator or a plain user; the server keeps at least one administrator. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; role: User["role"] }) =>
      (await api<User>(`/users/${encodeURIComponent(input.email)}`, { method: "PATCH", body: { role: input.role } })).data,
    onSuccess: (user) => {
      queryClient.setQueryData<User[]>(keys.users(), (list) => list?.map((u) => (u.email === user.email ? user : u)));
      void queryClient.invalidateQueries({ queryKey: keys.users() });
      toast.success(user.role === "admin" ? `${user.email} is now an administrator` : `${user.email} is now a user`);
    },
    onError: (error, input) => {
      toast.error(`Could not change ${input.email}'s role: ${errorText(error)}`);
      void queryClient.invalidateQueries({ queryKey: keys.users() });
    },
  });
}

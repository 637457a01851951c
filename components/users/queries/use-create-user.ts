"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { errorText } from "@/components/common/error-text";
import type { User, UserCreate } from "@/components/users/types";

/** Creates a user with a password the administrator hands over (administrators only). */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: UserCreate) => (await api<Pick<User, "email" | "name" | "role">>("/users", { method: "POST", body: input })).data,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: keys.users() });
      toast.success(`User ${user.email} created`);
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 422 || error.status === 409)) return;
      toast.error(`Could not create the user: ${errorText(error)}`);
    },
  });
}

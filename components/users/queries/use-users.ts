"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { User } from "@/components/users/types";

/** Every console user, by email (administrators only). */
export function useUsers() {
  return useQuery({
    queryKey: keys.users(),
    queryFn: async ({ signal }) => (await api<{ items: User[] }>("/users", { signal })).data.items,
  });
}

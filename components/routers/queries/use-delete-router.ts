"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerPath } from "./types";

/** Deletes the router and its versions, with the revision the user saw as If-Match. */
export function useDeleteRouter(project: string, router: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (revision: number | null) => api(routerPath(project, router), { method: "DELETE", revision }),
    onSuccess: () => {
      client.removeQueries({ queryKey: keys.router(project, router) });
      void client.invalidateQueries({ queryKey: keys.routers(project), exact: true });
    },
  });
}

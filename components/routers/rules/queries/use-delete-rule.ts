"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/lib/api-client/fetch";
import { withUsedAudiences } from "@/lib/routers/edits";
import { acceptRevision, currentRevision, draftMutationKey, draftScope, optimistic, reportDraftError, rollback, routerPath, settleDraft } from "@/components/routers/queries/draft-cache";

/** DELETE …/rules/{rule}, removed from view at once and put back if the server refuses. */
export function useDeleteRule(project: string, router: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: draftMutationKey(project, router),
    scope: draftScope(project, router),
    mutationFn: (rule: string) =>
      api<void>(`${routerPath(project, router)}/rules/${encodeURIComponent(rule)}`, { method: "DELETE", revision: currentRevision(qc, project, router) }),
    // The stored draft keeps only the audiences its rules use.
    onMutate: (rule) => optimistic(qc, project, router, (doc) => withUsedAudiences({ ...doc, rules: doc.rules.filter((r) => r.name !== rule) })),
    onSuccess: (result, rule) => {
      acceptRevision(qc, project, router, result.revision, withUsedAudiences);
      toast.success(`Rule ${rule} deleted`);
    },
    onError: (error, rule, context) => {
      rollback(qc, project, router, context?.previous);
      reportDraftError(qc, project, router, error, `Deleting rule ${rule}`);
    },
    onSettled: (_data, error) => settleDraft(qc, project, router, error),
  });
}

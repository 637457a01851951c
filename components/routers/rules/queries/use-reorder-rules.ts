"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import { rulesInOrder } from "@/lib/routers/edits";
import { acceptRevision, currentRevision, draftMutationKey, draftScope, optimistic, reportDraftError, rollback, routerPath, settleDraft } from "@/components/routers/queries/draft-cache";

/**
 * PUT …/rules/order, shown at once and rolled back (with a toast) if the server refuses.
 * An order chosen before a queued edit added a rule still applies: that rule stays after.
 */
export function useReorderRules(project: string, router: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: draftMutationKey(project, router),
    scope: draftScope(project, router),
    mutationFn: (order: string[]) =>
      api<{ order: string[] }>(`${routerPath(project, router)}/rules/order`, {
        method: "PUT",
        body: { order },
        revision: currentRevision(qc, project, router),
      }),
    onMutate: (order) => optimistic(qc, project, router, (doc) => rulesInOrder(doc, order)),
    onSuccess: (result) => acceptRevision(qc, project, router, result.revision, (doc) => rulesInOrder(doc, result.data.order)),
    onError: (error, _order, context) => {
      rollback(qc, project, router, context?.previous);
      reportDraftError(qc, project, router, error, "The new rule order");
    },
    onSettled: (_data, error) => settleDraft(qc, project, router, error),
  });
}

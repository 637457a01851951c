"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { RouterDocument } from "@/lib/router/document";
import { acceptRevision, currentRevision, draftMutationKey, draftScope, optimistic, reportDraftError, rollback, routerPath, settleDraft } from "./draft-cache";

function reordered(doc: RouterDocument, order: readonly string[]): RouterDocument {
  const byName = new Map(doc.rules.map((r) => [r.name, r]));
  const rules = order.map((n) => byName.get(n)).filter((r) => r !== undefined);
  // Rules the order does not know (added meanwhile) keep their place at the end.
  for (const r of doc.rules) if (!order.includes(r.name)) rules.push(r);
  return { ...doc, rules };
}

/** PUT …/rules/order, shown at once and rolled back (with a toast) if the server refuses. */
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
    onMutate: (order) => optimistic(qc, project, router, (doc) => reordered(doc, order)),
    onSuccess: (result) => acceptRevision(qc, project, router, result.revision, (doc) => reordered(doc, result.data.order)),
    onError: (error, _order, context) => {
      rollback(qc, project, router, context?.previous);
      reportDraftError(qc, project, router, error, "The new rule order");
    },
    onSettled: (_data, error) => settleDraft(qc, project, router, error),
  });
}

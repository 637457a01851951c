"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { DefaultRule } from "@/lib/router/document";
import { acceptRevision, currentRevision, draftMutationKey, draftScope, optimistic, rollback, routerPath, settleDraft } from "@/components/routers/queries/draft-cache";

/** PUT …/default-rule: the default rule's strategy, split and shadows. */
export function useSaveDefaultRule(project: string, router: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: draftMutationKey(project, router),
    scope: draftScope(project, router),
    mutationFn: (body: DefaultRule) =>
      api<DefaultRule>(`${routerPath(project, router)}/default-rule`, { method: "PUT", body, revision: currentRevision(qc, project, router) }),
    onMutate: (body) => optimistic(qc, project, router, (doc) => ({ ...doc, defaultRule: body })),
    onSuccess: (result) => acceptRevision(qc, project, router, result.revision, (doc) => ({ ...doc, defaultRule: result.data ?? doc.defaultRule })),
    onError: (error, _body, context) => {
      rollback(qc, project, router, context?.previous);
      // No toast: the rule dialog, still open with the edits, explains a conflict itself.
    },
    onSettled: (_data, error) => settleDraft(qc, project, router, error),
  });
}

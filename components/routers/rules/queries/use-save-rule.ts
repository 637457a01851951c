"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client/fetch";
import type { Audience, RouterDocument, Rule } from "@/lib/router/document";
import { addRule, updateRule, withUsedAudiences } from "@/lib/routers/edits";
import { acceptRevision, currentRevision, draftMutationKey, draftScope, optimistic, rollback, routerPath, settleDraft } from "@/components/routers/queries/draft-cache";

export type SaveRuleInput = {
  /** The rule's current name when editing; undefined when creating (added last). */
  original?: string;
  rule: Rule;
  /**
   * The project audience the rule names, when the draft does not carry it yet: shown in the
   * optimistic draft at once; the rules endpoint copies it into the draft from the project.
   */
  newAudience?: Audience;
};

function withRule(doc: RouterDocument, { original, rule, newAudience }: SaveRuleInput): RouterDocument {
  let next: RouterDocument;
  try {
    next = original === undefined ? addRule(doc, rule) : updateRule(doc, original, rule);
  } catch {
    // A name another rule already has is refused by the server (409): showing it meanwhile
    // would put two cards with one name (and one React key) on screen.
    return doc;
  }
  const audiences = newAudience && !next.audiences.some((a) => a.name === newAudience.name) ? [...next.audiences, newAudience].sort((a, b) => a.name.localeCompare(b.name)) : next.audiences;
  return withUsedAudiences({ ...next, audiences });
}

/** Creates (POST …/rules) or replaces (PUT …/rules/{rule}) a rule, shown at once, rolled back on failure. */
export function useSaveRule(project: string, router: string) {
  const qc = useQueryClient();
  const base = routerPath(project, router);
  return useMutation({
    mutationKey: draftMutationKey(project, router),
    scope: draftScope(project, router),
    mutationFn: async (input: SaveRuleInput): Promise<{ rule: Rule; revision: number | null }> => {
      const revision = currentRevision(qc, project, router);
      const result =
        input.original === undefined
          ? await api<Rule>(`${base}/rules`, { method: "POST", body: input.rule, revision })
          : await api<Rule>(`${base}/rules/${encodeURIComponent(input.original)}`, { method: "PUT", body: input.rule, revision });
      return { rule: result.data, revision: result.revision };
    },
    onMutate: (input) => optimistic(qc, project, router, (doc) => withRule(doc, input)),
    onSuccess: (result, input) => {
      acceptRevision(qc, project, router, result.revision, (doc) => withUsedAudiences({ ...doc, rules: doc.rules.map((r) => (r.name === input.rule.name ? result.rule : r)) }));
    },
    onError: (error, _input, context) => {
      rollback(qc, project, router, context?.previous);
      // No toast: the rule dialog, still open with the edits, explains a conflict itself.
    },
    onSettled: (_data, error) => settleDraft(qc, project, router, error),
  });
}

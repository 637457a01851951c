"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import type { Audience, RouterDocument, Rule } from "@/lib/router/document";
import { acceptRevision, currentRevision, draftMutationKey, draftScope, optimistic, rollback, routerPath, settleDraft, type Draft } from "./draft-cache";

export type SaveRuleInput = {
  /** The rule's current name when editing; undefined when creating (added last). */
  original?: string;
  rule: Rule;
  /**
   * The project audience the rule names, when the draft does not carry it yet: the rule
   * endpoints only accept audiences the draft already uses, so such a save replaces the
   * whole draft document (PUT …/config) with the audience copied in.
   */
  newAudience?: Audience;
};

function withRule(doc: RouterDocument, { original, rule, newAudience }: SaveRuleInput): RouterDocument {
  // A name another rule already has is refused by the server (409): showing it meanwhile would
  // put two cards with one name (and one React key) on screen.
  if (rule.name !== original && doc.rules.some((r) => r.name === rule.name)) return doc;
  const rules = original === undefined ? [...doc.rules, rule] : doc.rules.map((r) => (r.name === original ? rule : r));
  const audiences = newAudience && !doc.audiences.some((a) => a.name === newAudience.name) ? [...doc.audiences, newAudience].sort((a, b) => a.name.localeCompare(b.name)) : doc.audiences;
  return { ...doc, rules, audiences };
}

/** Field paths of a whole-document answer (`rules.3.split`) made relative to the rule (`split`). */
function relativeTo(error: unknown, index: number): unknown {
  if (!(error instanceof ApiError)) return error;
  const prefix = `rules.${index}.`;
  const errors = error.errors.map((e) => (e.path.startsWith(prefix) ? { ...e, path: e.path.slice(prefix.length) } : e));
  return new ApiError(error.status, error.code, error.detail, errors, error.body);
}

/** Creates (POST …/rules) or replaces (PUT …/rules/{rule}) a rule, shown at once, rolled back on failure. */
export function useSaveRule(project: string, router: string) {
  const qc = useQueryClient();
  const base = routerPath(project, router);
  return useMutation({
    mutationKey: draftMutationKey(project, router),
    scope: draftScope(project, router),
    mutationFn: async (input: SaveRuleInput): Promise<Draft | { rule: Rule; revision: number | null }> => {
      const revision = currentRevision(qc, project, router);
      if (input.newAudience) {
        // The optimistic document already holds the rule and the audience: send it whole.
        const draft = qc.getQueryData<Draft>(keys.config(project, router));
        const doc = draft!.data;
        const index = doc.rules.findIndex((r) => r.name === input.rule.name);
        try {
          return await api<RouterDocument>(`${base}/config`, { method: "PUT", body: doc, revision });
        } catch (error) {
          throw relativeTo(error, index);
        }
      }
      const result =
        input.original === undefined
          ? await api<Rule>(`${base}/rules`, { method: "POST", body: input.rule, revision })
          : await api<Rule>(`${base}/rules/${encodeURIComponent(input.original)}`, { method: "PUT", body: input.rule, revision });
      return { rule: result.data, revision: result.revision };
    },
    onMutate: (input) => optimistic(qc, project, router, (doc) => withRule(doc, input)),
    onSuccess: (result, input) => {
      if ("data" in result) {
        qc.setQueryData<Draft>(keys.config(project, router), result);
        return;
      }
      acceptRevision(qc, project, router, result.revision, (doc) => ({
        ...doc,
        rules: doc.rules.map((r) => (r.name === input.rule.name ? result.rule : r)),
      }));
    },
    onError: (error, _input, context) => {
      rollback(qc, project, router, context?.previous);
      // No toast: the rule dialog, still open with the edits, explains a conflict itself.
    },
    onSettled: (_data, error) => settleDraft(qc, project, router, error),
  });
}

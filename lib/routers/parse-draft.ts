import { z } from "zod";
import { routerDocumentSchema, ruleSchema, type RouterDocument, type Rule } from "@/lib/router/document";

/**
 * Validates the document an edit made of the current draft without parsing again the rules it
 * did not touch. The pure edits (edits.ts, undeploy, settings) build the new document from the
 * current one and keep every rule they leave alone as the same object; a whole document sent
 * again (`PUT …/config`, already parsed by the route) repeats them as equal JSON. Either way
 * the current rule is kept: it was built from the stored draft, so it is in the schema's
 * output form already, and it is frozen (`freezeRules`) so that an edit cannot change it in
 * place unseen. Everything else — the document's other fields, and every other rule — goes
 * through the same schemas as before, and whatever fails is parsed again whole by
 * `routerDocumentSchema`, so a refusal names the same fields, in the same order, with the
 * same messages.
 *
 * At 500 rules this is the difference between parsing one rule and parsing five hundred on
 * every drag or saved rule; and a kept rule is one `writeDraftChanges` need not compare.
 */

const MAX_RULES = 5000;
const withoutRules = routerDocumentSchema.extend({ rules: z.array(z.unknown()).max(MAX_RULES).default([]) });

export function parseEditedDocument(input: unknown, current: RouterDocument): RouterDocument {
  const rules = typeof input === "object" && input !== null ? (input as { rules?: unknown }).rules : undefined;
  if (!Array.isArray(rules) || rules.length > MAX_RULES) return routerDocumentSchema.parse(input);
  const rest = withoutRules.safeParse(input);
  if (!rest.success) return routerDocumentSchema.parse(input);
  const known = new Set<unknown>(current.rules);
  const byName = new Map(current.rules.map((r) => [r.name, r]));
  const parsed: Rule[] = [];
  for (const rule of rules) {
    const same = known.has(rule) ? (rule as Rule) : sameAsCurrent(rule, byName);
    if (same) {
      parsed.push(same);
      continue;
    }
    const one = ruleSchema.safeParse(rule);
    if (!one.success) return routerDocumentSchema.parse(input);
    parsed.push(one.data);
  }
  return { ...rest.data, rules: parsed };
}

/** The current rule `rule` repeats as JSON (same keys in the same order, same values), if any. */
function sameAsCurrent(rule: unknown, byName: ReadonlyMap<string, Rule>): Rule | null {
  if (typeof rule !== "object" || rule === null) return null;
  const name = (rule as { name?: unknown }).name;
  const current = typeof name === "string" ? byName.get(name) : undefined;
  return current && JSON.stringify(rule) === JSON.stringify(current) ? current : null;
}

/** Freezes the rules of `doc` (and everything in them): they are kept as they are by `parseEditedDocument`. */
export function freezeRules(doc: RouterDocument): RouterDocument {
  for (const rule of doc.rules) deepFreeze(rule);
  return doc;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (const inner of value) deepFreeze(inner);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}

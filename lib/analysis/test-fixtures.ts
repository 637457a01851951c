/** Builders for the analysis tests: small router documents and checks against the engine. */
import { expect } from "vitest";
import { compile, matchConditions } from "../engine";
import {
  routerDocumentSchema,
  type Condition,
  type ConditionOperator,
  type ConditionSource,
  type Finding,
  type RouterDocument,
  type RouterDocumentInput,
} from "../router/document";

export const cond = (source: ConditionSource, key: string, operator: ConditionOperator, values: (string | number)[] = []): Condition => ({
  source,
  key,
  operator,
  values,
});
export const header = (key: string, operator: ConditionOperator, values: (string | number)[] = []) => cond("header", key, operator, values);
export const payload = (key: string, operator: ConditionOperator, values: (string | number)[] = []) => cond("payload", key, operator, values);
export const query = (key: string, operator: ConditionOperator, values: (string | number)[] = []) => cond("query", key, operator, values);

type RuleInput = NonNullable<RouterDocumentInput["rules"]>[number];

export const rule = (name: string, conditions: Condition[], extra: Partial<RuleInput> = {}): RuleInput => ({
  name,
  conditions,
  strategy: "random",
  split: [{ route: "stable", weight: 100 }],
  shadows: [],
  ...extra,
});

/** A valid router around `rules`: two routes, both used by the default rule. */
export function routerDoc(rules: RuleInput[], extra: Partial<RouterDocumentInput> = {}): RouterDocument {
  return routerDocumentSchema.parse({
    name: "test-router",
    routes: [
      { name: "stable", url: "http://127.0.0.1:9001" },
      { name: "canary", url: "http://127.0.0.1:9002" },
    ],
    rules,
    defaultRule: {
      strategy: "random",
      split: [
        { route: "stable", weight: 90 },
        { route: "canary", weight: 10 },
      ],
      shadows: [],
    },
    ...extra,
  });
}

/** A rule's conditions as the engine ANDs them: its audience's, then its own. */
export function resolvedConditions(doc: RouterDocument, name: string): Condition[] {
  const r = doc.rules.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no rule ${name}`);
  const audience = r.audience ? doc.audiences.find((a) => a.name === r.audience) : undefined;
  return [...(audience?.conditions ?? []), ...r.conditions];
}

export const byCode = (findings: readonly Finding[], code: Finding["code"]): Finding[] => findings.filter((f) => f.code === code);

export const overlapPairs = (findings: readonly Finding[]): string[] =>
  findings.filter((f) => f.code === "overlap" && f.rules?.length === 2).map((f) => f.rules!.join("+"));

/** Each certain overlap's witness is matched by both rules, each checked alone by the engine. */
export function expectWitnessesMatch(doc: RouterDocument, findings: readonly Finding[]): void {
  for (const f of findings) {
    if (f.code !== "overlap" || f.uncertain || f.rules?.length !== 2) continue;
    expect(f.witness, f.message).toBeDefined();
    for (const name of f.rules) expect(matchConditions(resolvedConditions(doc, name), f.witness!), `${name} on ${JSON.stringify(f.witness)}`).toBe(true);
  }
}

/** The engine's first-match decision for a request: which rule takes it. */
export function decidingRule(doc: RouterDocument, request: Parameters<typeof matchConditions>[1]): string {
  const decision = compile(doc).decide(request, () => 0);
  if ("error" in decision) throw new Error(decision.error.message);
  return decision.rule;
}

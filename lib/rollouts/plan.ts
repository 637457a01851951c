/**
 * A rollout's plan: its stages (an optional shadow phase, then the steps) and the router
 * document each stage deploys. Every stage deploys the version the rollout started from,
 * changed in one rule only: the shadow phase mirrors a share of the rule's traffic to the
 * canary; a step gives the canary its weight, taken from the baseline alone — every other
 * route of the rule keeps its weight. Pure: no database, no framework.
 */
import type { DefaultRule, RouterDocument, SplitEntry } from "@/lib/router/document";
import type { RolloutSpec } from "./schema";

export const DEFAULT_RULE = "default";

export type Stage =
  | { index: number; kind: "shadow"; percent: number; minSeconds: number; minAgreement: number; pause: false }
  | { index: number; kind: "step"; step: number; weight: number; minSeconds: number; pause: boolean };

export function stagesOf(spec: Pick<RolloutSpec, "steps" | "shadow">): Stage[] {
  const stages: Stage[] = [];
  if (spec.shadow) stages.push({ index: 0, kind: "shadow", percent: spec.shadow.percent, minSeconds: spec.shadow.durationSeconds, minAgreement: spec.shadow.minAgreement, pause: false });
  spec.steps.forEach((s, i) => stages.push({ index: stages.length, kind: "step", step: i + 1, weight: s.weight, minSeconds: s.bakeSeconds, pause: s.pause }));
  return stages;
}

export function stageLabel(stage: Stage, steps: number): string {
  return stage.kind === "shadow" ? "shadow phase" : `step ${stage.step} of ${steps}`;
}

const hundredths = (w: number) => Math.round(w * 100);

/** The rule a rollout changes (`default`: the default rule), or null. */
export function ruleBody(doc: RouterDocument, rule: string): DefaultRule | null {
  if (rule === DEFAULT_RULE) return doc.defaultRule ?? null;
  return doc.rules.find((r) => r.name === rule) ?? null;
}

function withRule(doc: RouterDocument, rule: string, change: (body: DefaultRule) => DefaultRule): RouterDocument {
  if (rule === DEFAULT_RULE) return { ...doc, defaultRule: change(doc.defaultRule!) };
  return { ...doc, rules: doc.rules.map((r) => (r.name === rule ? { ...r, ...change(r) } : r)) };
}

/** The baseline's and canary's weights together, in hundredths: the pool a step shares out. */
export function poolOf(split: readonly SplitEntry[], baseline: string, canary: string): number {
  return split.filter((e) => e.route === baseline || e.route === canary).reduce((sum, e) => sum + hundredths(e.weight), 0);
}

/** The canary's weight in a split, in percent. */
export function weightIn(split: readonly SplitEntry[], route: string): number {
  return split.filter((e) => e.route === route).reduce((sum, e) => sum + hundredths(e.weight), 0) / 100;
}

/** `split` with the canary at `weight` %, the baseline giving or taking the difference, other routes untouched. */
export function stepSplit(split: readonly SplitEntry[], baseline: string, canary: string, weight: number): SplitEntry[] {
  const pool = poolOf(split, baseline, canary);
  const canaryShare = Math.min(pool, hundredths(weight));
  const share = (route: string) => (route === canary ? canaryShare : pool - canaryShare) / 100;
  const hasCanary = split.some((e) => e.route === canary);
  const out: SplitEntry[] = [];
  const placed = new Set<string>();
  for (const entry of split) {
    if (entry.route !== canary && entry.route !== baseline) {
      out.push(entry);
      continue;
    }
    // A route listed twice is merged into its first entry (the pool counted both).
    if (placed.has(entry.route)) continue;
    placed.add(entry.route);
    out.push({ route: entry.route, weight: share(entry.route) });
    if (entry.route === baseline && !hasCanary) {
      out.push({ route: canary, weight: share(canary) });
      placed.add(canary);
    }
  }
  return out;
}

/**
 * The document a stage deploys: the start version's, with the rule's shadow to the canary
 * (shadow phase) or the canary's step weight. `null` stands for "before the first stage",
 * i.e. the start document itself. Slot tables are left to the deploy (`freezeDocument`),
 * which moves them minimally from the version active at that moment.
 */
export function stageDocument(start: RouterDocument, spec: Pick<RolloutSpec, "rule" | "baseline" | "canary">, stage: Stage | null): RouterDocument {
  if (stage === null) return start;
  return withRule(start, spec.rule, (body) => {
    if (stage.kind === "shadow") {
      // A rule that already shadows the canary keeps that entry's comparison: the agreement
      // gate then reads what the team said "agreeing" means for this model.
      const compare = body.shadows.find((s) => s.route === spec.canary)?.compare;
      const shadows = [...body.shadows.filter((s) => s.route !== spec.canary), { route: spec.canary, percent: stage.percent, ...(compare ? { compare } : {}) }];
      return { ...body, shadows };
    }
    return { ...body, split: stepSplit(body.split, spec.baseline, spec.canary, stage.weight) };
  });
}

/** The canary's live weight in a stage (the shadow phase keeps the start's). */
export function liveWeight(start: RouterDocument, spec: Pick<RolloutSpec, "rule" | "canary">, stage: Stage | null): number {
  if (stage?.kind === "step") return stage.weight;
  const body = ruleBody(start, spec.rule);
  return body ? weightIn(body.split, spec.canary) : 0;
}

/** The baseline's live weight in a stage, in percent. */
export function baselineWeight(start: RouterDocument, spec: Pick<RolloutSpec, "rule" | "baseline" | "canary">, stage: Stage | null): number {
  const body = ruleBody(start, spec.rule);
  if (!body) return 0;
  const split = stage?.kind === "step" ? stepSplit(body.split, spec.baseline, spec.canary, stage.weight) : body.split;
  return weightIn(split, spec.baseline);
}

export type PlanIssue = { path: string; message: string };

/**
 * Why `spec` cannot roll out on `start` (the active version), as field errors: the rule,
 * baseline and canary must exist there; the steps must give the canary more than it has
 * and at most what baseline and canary hold together, since other routes keep their weights.
 */
export function planIssues(start: RouterDocument | null, spec: Pick<RolloutSpec, "rule" | "baseline" | "canary" | "steps">): PlanIssue[] {
  if (start === null) return [{ path: "rule", message: "the router has no active version: deploy it before rolling out" }];
  const body = ruleBody(start, spec.rule);
  if (!body) {
    const names = [...start.rules.map((r) => r.name), ...(start.defaultRule ? [DEFAULT_RULE] : [])];
    return [{ path: "rule", message: `the active version has no rule '${spec.rule}' (it has ${names.map((n) => `'${n}'`).join(", ") || "none"})` }];
  }
  const issues: PlanIssue[] = [];
  const baseline = weightIn(body.split, spec.baseline);
  if (!body.split.some((e) => e.route === spec.baseline)) issues.push({ path: "baseline", message: `'${spec.baseline}' is not in the rule's split` });
  else if (baseline <= 0) issues.push({ path: "baseline", message: `'${spec.baseline}' has no weight in the rule's split: it has nothing to give the canary` });
  if (!start.routes.some((r) => r.name === spec.canary)) {
    issues.push({ path: "canary", message: `'${spec.canary}' is not a route of the active version: add it and deploy first (a route without weight is fine)` });
  }
  if (issues.length > 0) return issues;
  const current = weightIn(body.split, spec.canary);
  const pool = poolOf(body.split, spec.baseline, spec.canary) / 100;
  const others = body.split.filter((e) => e.route !== spec.baseline && e.route !== spec.canary && e.weight > 0);
  spec.steps.forEach((step, i) => {
    if (i === 0 && hundredths(step.weight) < hundredths(current)) {
      issues.push({ path: `steps.${i}.weight`, message: `the canary already has ${current} %: the first step gives it at least that` });
    }
    if (hundredths(step.weight) > hundredths(pool)) {
      const kept = others.map((e) => `${e.route} ${e.weight} %`).join(", ");
      issues.push({ path: `steps.${i}.weight`, message: `at most ${pool} %: the canary takes its weight from '${spec.baseline}' only${kept ? ` (${kept} stay as they are)` : ""}` });
    }
  });
  return issues;
}

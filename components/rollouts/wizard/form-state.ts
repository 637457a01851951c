/**
 * The start-rollout wizard's form: text fields as typed, turned into the API's body. Empty
 * fields are left out, so the server's defaults (ROLLOUT_DEFAULTS, shown as placeholders) apply.
 */
import type { z } from "zod";
import { DEFAULT_RULE, ruleBody } from "@/lib/rollouts/plan";
import { ROLLOUT_DEFAULTS, type rolloutCreateSchema } from "@/lib/rollouts/schema";
import type { RouterDocument } from "@/lib/router/document";

export type StepRow = { weight: string; bakeSeconds: string; pause: boolean };
export type GateKey = "intervalSeconds" | "minRequests" | "maxErrorRate" | "maxErrorRateIncrease" | "maxP95Ratio" | "p95ToleranceMs" | "failureLimit" | "passesToAdvance";

export type WizardForm = {
  rule: string;
  baseline: string;
  canary: string;
  steps: StepRow[];
  shadow: boolean;
  shadowPercent: string;
  shadowDurationSeconds: string;
  shadowMinAgreement: string;
  gates: Record<GateKey, string>;
  /** Gates switched off (sent as null). */
  off: Partial<Record<"maxErrorRate" | "maxErrorRateIncrease" | "maxP95Ratio", boolean>>;
  description: string;
};

export const defaultSteps = (): StepRow[] => ROLLOUT_DEFAULTS.steps.map((w) => ({ weight: String(w), bakeSeconds: String(ROLLOUT_DEFAULTS.bakeSeconds), pause: false }));

/** The baseline a rule suggests (its heaviest route) and a canary (another route of the version). */
export function suggest(doc: RouterDocument | undefined, rule: string): { baseline: string; canary: string } {
  const split = doc ? (ruleBody(doc, rule)?.split ?? []) : [];
  const baseline = [...split].sort((a, b) => b.weight - a.weight)[0]?.route ?? "";
  const light = split.filter((e) => e.route !== baseline).sort((a, b) => a.weight - b.weight)[0]?.route;
  const canary = light ?? doc?.routes.find((r) => r.name !== baseline)?.name ?? "";
  return { baseline, canary };
}

export function initialForm(doc: RouterDocument | undefined, wanted = DEFAULT_RULE): WizardForm {
  // A rule only the draft has cannot be rolled out: start from the default rule instead.
  const rule = doc && ruleBody(doc, wanted) ? wanted : DEFAULT_RULE;
  return {
    rule,
    ...suggest(doc, rule),
    steps: defaultSteps(),
    shadow: false,
    shadowPercent: "",
    shadowDurationSeconds: "",
    shadowMinAgreement: "",
    gates: { intervalSeconds: "", minRequests: "", maxErrorRate: "", maxErrorRateIncrease: "", maxP95Ratio: "", p95ToleranceMs: "", failureLimit: "", passesToAdvance: "" },
    off: {},
    description: "",
  };
}

/** A typed number, or the text itself (the server then names the field), or undefined when empty. */
const num = (text: string): number | string | undefined => {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
};

const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function toBody(f: WizardForm): z.input<typeof rolloutCreateSchema> {
  const gates = defined(Object.fromEntries(Object.entries(f.gates).map(([k, v]) => [k, f.off[k as keyof WizardForm["off"]] ? null : num(v)])));
  return {
    rule: f.rule,
    baseline: f.baseline,
    canary: f.canary,
    steps: f.steps.map((s) => defined({ weight: num(s.weight), bakeSeconds: num(s.bakeSeconds), pause: s.pause })) as never,
    shadow: f.shadow ? (defined({ percent: num(f.shadowPercent), durationSeconds: num(f.shadowDurationSeconds), minAgreement: num(f.shadowMinAgreement) }) as never) : null,
    gates: gates as never,
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
  };
}

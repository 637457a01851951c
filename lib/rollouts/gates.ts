/**
 * One evaluation of a rollout's gates over one window of traffic: each gate's value against
 * its threshold, and a verdict. Too little data is never a pass nor a failure: below
 * `minRequests` (canary requests in a step, compared shadow answers in the shadow phase)
 * the evaluation is inconclusive, and so is one whose metrics could not be read. Pure.
 */
import type { Stage } from "./plan";
import type { MetricsSample, RouteSample } from "./sample";
import type { Gates } from "./schema";

export type Verdict = "pass" | "fail" | "inconclusive";
export type GateName = "requests" | "errorRate" | "errorRateIncrease" | "p95Ratio" | "shadowAgreement";
export type GateResult = { gate: GateName; verdict: Verdict | "skipped"; value: number | null; threshold: number | null; detail: string };
export type Evaluation = { verdict: Verdict; reason: string; gates: GateResult[]; sample: MetricsSample };

/** What the evaluation needs to know of the stage besides its kind: whether the baseline still takes traffic. */
export type StageContext = { stage: Stage; baselineWeight: number };

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const errorRate = (r: RouteSample): number | null => (r.requests > 0 ? (r.errors / r.requests) * 100 : null);
const ms = (seconds: number | null) => (seconds === null ? null : round(seconds * 1000, 1));
const count = (n: number) => String(Math.round(n * 100) / 100);

function verdictOf(gates: GateResult[]): Verdict {
  if (gates.some((g) => g.verdict === "fail")) return "fail";
  if (gates.some((g) => g.verdict === "inconclusive")) return "inconclusive";
  return "pass";
}

function reasonOf(verdict: Verdict, gates: GateResult[]): string {
  if (verdict === "pass") return "every gate passed";
  return gates
    .filter((g) => g.verdict === verdict)
    .map((g) => g.detail)
    .join("; ");
}

function result(gates: GateResult[], sample: MetricsSample): Evaluation {
  const verdict = verdictOf(gates);
  return { verdict, reason: reasonOf(verdict, gates), gates, sample };
}

function shadowGates(gates: Gates, minAgreement: number, sample: Extract<MetricsSample, { ok: true }>): GateResult[] {
  const { compared, agreeing } = sample.shadow;
  const enough = compared >= gates.minRequests;
  const agreement = compared > 0 ? (agreeing / compared) * 100 : null;
  return [
    {
      gate: "requests",
      verdict: enough ? "pass" : "inconclusive",
      value: compared,
      threshold: gates.minRequests,
      detail: enough ? `${count(compared)} shadow answers compared` : `only ${count(compared)} shadow answers compared, ${gates.minRequests} needed`,
    },
    {
      gate: "shadowAgreement",
      verdict: !enough ? "inconclusive" : agreement! >= minAgreement ? "pass" : "fail",
      value: agreement === null ? null : round(agreement),
      threshold: minAgreement,
      detail: agreement === null ? "no shadow answer compared yet" : `${round(agreement)} % of shadow answers agree with the primary (at least ${minAgreement} %)`,
    },
  ];
}

function stepGates(gates: Gates, baselineWeight: number, sample: Extract<MetricsSample, { ok: true }>): GateResult[] {
  const { canary, baseline } = sample;
  const enough = canary.requests >= gates.minRequests;
  const out: GateResult[] = [
    {
      gate: "requests",
      verdict: enough ? "pass" : "inconclusive",
      value: canary.requests,
      threshold: gates.minRequests,
      detail: enough ? `the canary answered ${count(canary.requests)} requests` : `the canary answered only ${count(canary.requests)} requests, ${gates.minRequests} needed`,
    },
  ];
  const canaryRate = errorRate(canary);
  const baselineRate = errorRate(baseline);
  // The relative gates compare with the baseline; at a step where it takes no traffic there is nothing to compare with.
  const baselineState: "none" | "few" | "ok" = baselineWeight <= 0 ? "none" : baseline.requests < gates.minRequests ? "few" : "ok";
  const relative = (gate: GateName, threshold: number | null, check: () => Omit<GateResult, "gate" | "threshold">): GateResult => {
    if (threshold === null) return { gate, verdict: "skipped", value: null, threshold, detail: "not checked" };
    if (!enough) return { gate, verdict: "inconclusive", value: null, threshold, detail: "too few canary requests" };
    if (baselineState === "none") return { gate, verdict: "skipped", value: null, threshold, detail: "the baseline takes no traffic at this step" };
    if (baselineState === "few") {
      return { gate, verdict: "inconclusive", value: null, threshold, detail: `the baseline answered only ${count(baseline.requests)} requests, ${gates.minRequests} needed to compare` };
    }
    return { gate, threshold, ...check() };
  };

  if (gates.maxErrorRate === null) out.push({ gate: "errorRate", verdict: "skipped", value: null, threshold: null, detail: "not checked" });
  else if (!enough) out.push({ gate: "errorRate", verdict: "inconclusive", value: canaryRate === null ? null : round(canaryRate), threshold: gates.maxErrorRate, detail: "too few canary requests" });
  else {
    const ok = canaryRate! <= gates.maxErrorRate;
    out.push({
      gate: "errorRate",
      verdict: ok ? "pass" : "fail",
      value: round(canaryRate!),
      threshold: gates.maxErrorRate,
      detail: `the canary's error rate is ${round(canaryRate!)} % (at most ${gates.maxErrorRate} %)`,
    });
  }

  out.push(
    relative("errorRateIncrease", gates.maxErrorRateIncrease, () => {
      const increase = canaryRate! - baselineRate!;
      return {
        verdict: increase <= gates.maxErrorRateIncrease! + 1e-9 ? "pass" : "fail",
        value: round(increase),
        detail: `the canary's error rate is ${round(increase)} points above the baseline's ${round(baselineRate!)} % (at most ${gates.maxErrorRateIncrease})`,
      };
    }),
  );

  out.push(
    relative("p95Ratio", gates.maxP95Ratio, () => {
      if (canary.p95Seconds === null || baseline.p95Seconds === null) return { verdict: "inconclusive", value: null, detail: "no latency figures" };
      const ratio = baseline.p95Seconds > 0 ? canary.p95Seconds / baseline.p95Seconds : canary.p95Seconds > 0 ? Infinity : 1;
      const aboveMs = (canary.p95Seconds - baseline.p95Seconds) * 1000;
      const slow = ratio > gates.maxP95Ratio! && aboveMs > gates.p95ToleranceMs;
      return {
        verdict: slow ? "fail" : "pass",
        value: Number.isFinite(ratio) ? round(ratio) : null,
        detail: `the canary's p95 is ${ms(canary.p95Seconds)} ms against the baseline's ${ms(baseline.p95Seconds)} ms (×${Number.isFinite(ratio) ? round(ratio) : "∞"}, at most ×${gates.maxP95Ratio}${gates.p95ToleranceMs > 0 ? ` unless within ${gates.p95ToleranceMs} ms` : ""})`,
      };
    }),
  );
  return out;
}

/** Evaluates the gates of `context.stage` over one window's figures. */
export function evaluateGates(gates: Gates, context: StageContext, sample: MetricsSample): Evaluation {
  if (!sample.ok) {
    return {
      verdict: "inconclusive",
      reason: `could not read the metrics: ${sample.error}`,
      gates: [{ gate: "requests", verdict: "inconclusive", value: null, threshold: gates.minRequests, detail: `could not read the metrics: ${sample.error}` }],
      sample,
    };
  }
  const { stage } = context;
  return result(stage.kind === "shadow" ? shadowGates(gates, stage.minAgreement, sample) : stepGates(gates, context.baselineWeight, sample), sample);
}

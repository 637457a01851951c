/**
 * The rollout controller's decisions, given a rollout's state, the clock and (when one was
 * due) a fresh evaluation of its gates. Pure: the controller reads the state and the metrics,
 * calls `decide`, and applies the answer in one transaction.
 *
 * - Evaluations are due every `intervalSeconds`, counted from the stage's start.
 * - A failed evaluation adds to the failures in a row and resets the passes; a passed one
 *   adds to the passes and resets the failures; an inconclusive one resets the passes and
 *   leaves the failures as they are (it is evidence of nothing).
 * - `failureLimit` failures in a row abort the rollout — also while it is paused.
 * - A stage passes when its bake time (or the shadow phase's duration) has elapsed AND its
 *   last `passesToAdvance` evaluations passed. Then the rollout waits for approval (a step
 *   with `pause`, until resumed), completes (the last stage) or advances to the next stage.
 * - A paused rollout keeps being evaluated but never advances.
 */
import type { Evaluation } from "./gates";
import type { Stage } from "./plan";
import type { Gates, RolloutStatus } from "./schema";

export type PauseReason = "manual" | "approval";

export type RolloutState = {
  status: RolloutStatus;
  pause: PauseReason | null;
  /** A step that waited for approval was resumed: it advances once it passes (again). */
  approved: boolean;
  stage: number;
  /** Milliseconds since the epoch, by the database's clock. */
  stageStartedAt: number;
  lastEvaluatedAt: number | null;
  failures: number;
  passes: number;
};

export type Action =
  | { kind: "none" }
  | { kind: "hold"; reason: string }
  | { kind: "await-approval" }
  | { kind: "advance"; to: number }
  | { kind: "complete" }
  | { kind: "abort"; reason: string };

export type Decision = { state: RolloutState; action: Action };

export const isActive = (status: RolloutStatus) => status === "running" || status === "paused";

/** When the next evaluation is due (ms), or null for a finished rollout. */
export function nextEvaluationAt(gates: Pick<Gates, "intervalSeconds">, state: RolloutState): number | null {
  if (!isActive(state.status)) return null;
  return (state.lastEvaluatedAt ?? state.stageStartedAt) + gates.intervalSeconds * 1000;
}

export function evaluationDue(gates: Pick<Gates, "intervalSeconds">, state: RolloutState, now: number): boolean {
  const at = nextEvaluationAt(gates, state);
  return at !== null && now >= at;
}

/** The state after recording an evaluation taken at `now`. */
export function afterEvaluation(state: RolloutState, evaluation: Pick<Evaluation, "verdict">, now: number): RolloutState {
  const counts =
    evaluation.verdict === "pass"
      ? { passes: state.passes + 1, failures: 0 }
      : evaluation.verdict === "fail"
        ? { passes: 0, failures: state.failures + 1 }
        : { passes: 0, failures: state.failures };
  return { ...state, ...counts, lastEvaluatedAt: now };
}

/** Whether the current stage has done what it must to be left. */
export function stagePassed(gates: Pick<Gates, "passesToAdvance">, stage: Stage, state: RolloutState, now: number): boolean {
  return now >= state.stageStartedAt + stage.minSeconds * 1000 && state.passes >= gates.passesToAdvance;
}

/** The state of a rollout that has just entered stage `to` at `now`. */
export function enterStage(state: RolloutState, to: number, now: number): RolloutState {
  return { ...state, stage: to, stageStartedAt: now, lastEvaluatedAt: null, passes: 0, failures: 0, approved: false };
}

/**
 * What to do now. `evaluation` is the evaluation taken in this pass, if one was due (the
 * caller asks `evaluationDue` first); without it the state's counters are used as they are.
 */
export function decide(gates: Gates, stages: readonly Stage[], state: RolloutState, now: number, evaluation: Evaluation | null): Decision {
  if (!isActive(state.status)) return { state, action: { kind: "none" } };
  const next = evaluation ? afterEvaluation(state, evaluation, now) : state;
  if (next.failures >= gates.failureLimit) {
    const why = evaluation && evaluation.verdict === "fail" ? evaluation.reason : "the gates failed";
    return { state: { ...next, status: "aborted", pause: null }, action: { kind: "abort", reason: `${next.failures} failed evaluation${next.failures === 1 ? "" : "s"} in a row: ${why}` } };
  }
  const stage = stages[next.stage];
  if (stage === undefined) return { state: next, action: { kind: "hold", reason: "no such stage" } };
  if (next.status === "paused") return { state: next, action: { kind: "hold", reason: next.pause === "approval" ? "waiting for approval" : "paused" } };
  if (!stagePassed(gates, stage, next, now)) {
    const baking = now < next.stageStartedAt + stage.minSeconds * 1000;
    return { state: next, action: { kind: "hold", reason: baking ? "baking" : `${next.passes} of ${gates.passesToAdvance} passed evaluations in a row` } };
  }
  if (stage.pause && !next.approved) return { state: { ...next, status: "paused", pause: "approval" }, action: { kind: "await-approval" } };
  if (next.stage === stages.length - 1) return { state: { ...next, status: "completed", pause: null }, action: { kind: "complete" } };
  return { state: enterStage(next, next.stage + 1, now), action: { kind: "advance", to: next.stage + 1 } };
}

/**
 * A rollout as stored: its spec with the weights it started from, the state the decisions
 * work on, and the texts its versions and events carry. Pure.
 */
import type { RolloutState } from "./decide";
import { stageLabel, stagesOf, type Stage } from "./plan";
import type { Gates, RolloutSpec, RolloutStatus, RolloutStep, ShadowPhase } from "./schema";

/** The spec column: what was asked, plus the rule's weights when the rollout started. */
export type StoredSpec = {
  steps: RolloutStep[];
  shadow: ShadowPhase | null;
  gates: Gates;
  /** The canary's weight, and the baseline's and canary's together, in percent, in the start version. */
  start: { canary: number; pool: number };
};

export type RolloutRecord = {
  id: string;
  number: number;
  rule: string;
  baseline: string;
  canary: string;
  spec: StoredSpec;
  status: RolloutStatus;
  pause: "manual" | "approval" | null;
  approved: boolean;
  stage: number;
  stageVersion: number | null;
  stageStartedAt: Date;
  lastEvaluatedAt: Date | null;
  failures: number;
  passes: number;
  seq: number;
};

export function specOf(r: Pick<RolloutRecord, "rule" | "baseline" | "canary" | "spec">): Pick<RolloutSpec, "rule" | "baseline" | "canary" | "steps" | "shadow" | "gates"> {
  return { rule: r.rule, baseline: r.baseline, canary: r.canary, steps: r.spec.steps, shadow: r.spec.shadow, gates: r.spec.gates };
}

export function stateOf(r: RolloutRecord): RolloutState {
  return {
    status: r.status,
    pause: r.pause,
    approved: r.approved,
    stage: r.stage,
    stageStartedAt: r.stageStartedAt.getTime(),
    lastEvaluatedAt: r.lastEvaluatedAt?.getTime() ?? null,
    failures: r.failures,
    passes: r.passes,
  };
}

/** The canary's live weight in a stage: the step's, or (shadow phase) what it had at the start. */
export function canaryWeightAt(spec: StoredSpec, stage: Stage | undefined): number {
  return stage?.kind === "step" ? stage.weight : spec.start.canary;
}

/** The baseline's live weight in a stage: what the pool leaves it. */
export function baselineWeightAt(spec: StoredSpec, stage: Stage | undefined): number {
  return Math.round((spec.start.pool - canaryWeightAt(spec, stage)) * 100) / 100;
}

const pct = (n: number) => `${n} %`;

/** The message of the version a stage deploys: `rollout 4: step 3 of 5, canary 25 %`. */
export function stageMessage(number: number, spec: Pick<StoredSpec, "steps">, stage: Stage, canary: string): string {
  if (stage.kind === "shadow") return `rollout ${number}: shadow phase, ${pct(stage.percent)} mirrored to ${canary}`;
  return `rollout ${number}: ${stageLabel(stage, spec.steps.length)}, canary ${pct(stage.weight)}`;
}

export function abortMessage(number: number, startVersion: number, reason: string): string {
  const text = `rollout ${number} aborted (${reason}): back to version ${startVersion}`;
  return text.length <= 500 ? text : `${text.slice(0, 497)}…`;
}

export function promoteMessage(number: number, spec: Pick<StoredSpec, "steps">, canary: string): string {
  const last = spec.steps[spec.steps.length - 1]!;
  return `rollout ${number}: promoted to step ${spec.steps.length} of ${spec.steps.length}, canary ${pct(last.weight)} (${canary})`;
}

export { stagesOf };

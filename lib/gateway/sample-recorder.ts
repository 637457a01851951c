/**
 * The request handler's recording hook: draws whether a decided request is sampled, holds
 * the per-second cap, and hands the sample (the recorded fields and the decision; the
 * status once the answer is over) to the writer. Everything that depends on the version —
 * which fields, the rate, the cap — is worked out once per version (`recordingState`).
 */
import type { ServerResponse } from "node:http";
import { recordingPlan, type RecordingPlan } from "../replay/features";
import type { Decision, RouterDocument, RoutingRequest } from "../router/document";
import type { RouterEntry } from "./router-entry";
import type { SampleRow, SampleWriter } from "./sample-writer";

/** A version's recording plan and its per-second cap, kept on the router entry. */
export interface RecordingState {
  readonly plan: RecordingPlan;
  second: number;
  taken: number;
}

export function recordingState(document: RouterDocument): RecordingState | null {
  const plan = recordingPlan(document);
  return plan === null ? null : { plan, second: 0, taken: 0 };
}

export class SampleRecorder {
  constructor(private readonly writer: SampleWriter) {}

  /** Called for every decided request; costs one random draw unless the request is sampled. */
  consider(entry: RouterEntry, request: RoutingRequest, decision: Decision, res: ServerResponse): void {
    const state = entry.recording;
    if (state === null || Math.random() >= state.plan.rate) return;
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== state.second) {
      state.second = second;
      state.taken = 0;
    }
    if (state.taken >= state.plan.maxPerSecond) {
      this.writer.dropped(entry, entry.record.versionId, "rate_limit", 1);
      return;
    }
    state.taken++;
    const { plan } = state;
    const routed = "error" in decision ? null : decision;
    const row: SampleRow = {
      v: entry.record.versionId,
      t: now,
      r: routed?.rule ?? null,
      o: routed?.route ?? null,
      s: routed?.sticky ?? false,
      c: routed === null ? (decision as Extract<Decision, { error: unknown }>).error.status : 0,
      e: routed === null ? (decision as Extract<Decision, { error: unknown }>).error.code : null,
      k: plan.keys === "raw" ? (routed?.key ?? null) : null,
      l: plan.keys === "slot" ? (plan.slotOf(request) ?? null) : null,
      p: plan.rate,
      q: plan.features(request),
    };
    if (routed === null) {
      this.writer.offer(entry, row);
      return;
    }
    // The status the caller got is known once the answer is over (or 0 when it went away first).
    res.once("close", () => {
      row.c = res.headersSent ? res.statusCode : 0;
      this.writer.offer(entry, row);
    });
  }
}

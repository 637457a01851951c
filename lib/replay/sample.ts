/**
 * A sample as the replay reads it, from a stored row (API) or an NDJSON line (CLI): the
 * request holding the recorded fields, the seed of its random draws, its time and sampling
 * rate, and what was recorded of it (`recording`), which replay needs to tell a missing
 * field from one that was never kept.
 */
import { murmur3Text } from "../engine";
import type { RouterDocument, RoutingRequest } from "../router/document";
import { idOf, isSticky, recordedFields, slotContext } from "./fields";
import type { SampleLine } from "./schema";

/** What was recorded of the samples of one version. */
export interface Recording {
  /** Ids of the recorded fields (`header:x-region`). */
  readonly fields: ReadonlySet<string>;
  /** Only the key's slot was kept: the key sources were not recorded, the slot stands in. */
  readonly slotMode: boolean;
  /** The seed and key sources the slot was computed with (see `slotContext`). */
  readonly slotContext: string;
}

export interface Sample {
  /** Seeds the random draws, the same for both documents. */
  readonly seed: number;
  readonly id?: string;
  /** Epoch milliseconds. */
  readonly time?: number;
  readonly request: RoutingRequest;
  readonly slot?: number;
  /** The chance the request had to be sampled: it stands for 1 / rate requests. */
  readonly rate: number;
  /** Undefined: the request is complete (every field it lacks was absent). */
  readonly recording?: Recording;
}

/** What a version's samples hold, from its document. */
export function recordingOf(document: RouterDocument): Recording {
  return {
    fields: new Set(recordedFields(document).map(idOf)),
    slotMode: document.settings.recordKeys === "slot" && isSticky(document),
    slotContext: slotContext(document),
  };
}

/** The same recording without the fields a sample had to leave out (values too long to keep). */
export function withoutOmitted(recording: Recording, omitted: readonly string[] | undefined): Recording {
  if (omitted === undefined || omitted.length === 0) return recording;
  const fields = new Set(recording.fields);
  for (const id of omitted) fields.delete(id);
  return { ...recording, fields };
}

export const seedOf = (id: string | number | undefined, index: number): number => murmur3Text(id === undefined ? `#${index}` : String(id));

/**
 * A sample from an NDJSON line (1-based `line`). Its `fields`, when given, say what was
 * recorded (the slot standing in for the key sources of `slotDocument`, the document the
 * CLI takes the samples to come from); without them the request is taken as complete.
 */
export function sampleFromLine(value: SampleLine, index: number, slotDocument: RouterDocument): Sample {
  const request: RoutingRequest = {
    ...(value.method !== undefined ? { method: value.method } : {}),
    ...(value.path !== undefined ? { path: value.path } : {}),
    ...(value.headers !== undefined ? { headers: value.headers } : {}),
    ...(value.query !== undefined ? { query: value.query } : {}),
    ...(value.body !== undefined ? { body: value.body } : {}),
  };
  const recording: Recording | undefined =
    value.fields === undefined ? undefined : { fields: new Set(value.fields), slotMode: value.keys === "slot", slotContext: slotContext(slotDocument) };
  return {
    seed: seedOf(value.id, index),
    ...(value.id !== undefined ? { id: String(value.id) } : {}),
    ...(value.time !== undefined ? { time: Date.parse(value.time) } : {}),
    request,
    ...(value.slot !== undefined ? { slot: value.slot } : {}),
    rate: value.rate ?? 1,
    ...(recording ? { recording } : {}),
  };
}

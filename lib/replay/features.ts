/**
 * What the gateway keeps of a sampled request: only the fields its version records
 * (`recordedFields`), in the request format the simulator and the CLI take
 * (`{ headers, query, body }`), worked out once per version so that a sample costs a few
 * field reads. A payload object or array a rule only tests for presence is kept as an empty
 * one of the same kind, never with its contents; a value longer than MAX_FIELD_CHARS is not
 * kept and its field is listed in `omitted` (replay then counts it as not recorded).
 */
import { bucketOf, parsePath, type PathSegment } from "../engine";
import { MISSING, resolvePath } from "../engine/paths";
import { compileField, lowerCaseHeaders } from "../engine/values";
import type { FieldRef, RouterDocument, RoutingRequest } from "../router/document";
import { idOf, isSticky, recordedFields } from "./fields";

export const MAX_FIELD_CHARS = 1024;

/** The recorded part of a request. */
export interface SampleRequest {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Ids of recorded fields whose value was too long to keep. */
  omitted?: string[];
}

export interface RecordingPlan {
  /** recordPercent / 100: the chance that a request is sampled. */
  readonly rate: number;
  readonly maxPerSecond: number;
  readonly keys: "raw" | "slot";
  readonly fields: readonly FieldRef[];
  /** The recorded fields of one request (`headers` as Node gives them or any case). */
  features(request: RoutingRequest): SampleRequest;
  /** With `recordKeys: slot`, the slot of the key the version's key sources find; otherwise undefined. */
  slotOf(request: RoutingRequest): number | undefined;
}

type Container = Record<string, unknown> | unknown[];

const newContainer = (like: unknown): Container => (Array.isArray(like) ? [] : (Object.create(null) as Record<string, unknown>));

function childOf(node: unknown, segment: PathSegment): unknown {
  if (Array.isArray(node)) return node[segment.index];
  return (node as Record<string, unknown>)[segment.name!];
}

function setChild(node: Container, segment: PathSegment, value: unknown): void {
  if (Array.isArray(node)) node[segment.index] = value;
  else node[segment.name!] = value;
}

/** The value a payload leaf is kept as: scalars as they are, objects and arrays emptied. */
function leafCopy(value: unknown): unknown {
  return value !== null && typeof value === "object" ? newContainer(value) : value;
}

/**
 * Copies the value at `segments` of `source` into `target`, creating the containers on the
 * way with the kinds `source` has. Returns false when the value is too long to keep.
 */
function copyPath(source: unknown, target: Container, segments: readonly PathSegment[]): "copied" | "missing" | "too-long" {
  const value = resolvePath(segments, source);
  if (value === MISSING) return "missing";
  if (typeof value === "string" && value.length > MAX_FIELD_CHARS) return "too-long";
  let from = source;
  let to = target;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = childOf(from, segment);
    const existing = childOf(to, segment);
    if (i === segments.length - 1) {
      if (existing === undefined || existing === null || typeof existing !== "object") setChild(to, segment, leafCopy(next));
      return "copied";
    }
    let child = existing as Container | undefined;
    if (child === undefined || child === null || typeof child !== "object") {
      child = newContainer(next);
      setChild(to, segment, child);
    }
    from = next;
    to = child;
  }
  return "copied";
}

function firstString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/** The recording plan of a version, or null when it records nothing (`recordPercent: 0`). */
export function recordingPlan(document: RouterDocument): RecordingPlan | null {
  const settings = document.settings;
  if (!(settings.recordPercent > 0)) return null;
  const fields = recordedFields(document);
  const headers = fields.filter((f) => f.source === "header").map((f) => ({ name: f.key, id: idOf(f) }));
  const query = fields.filter((f) => f.source === "query").map((f) => ({ name: f.key, id: idOf(f) }));
  const payload = fields.filter((f) => f.source === "payload").map((f) => ({ segments: parsePath(f.key), id: idOf(f) }));
  const keySources = isSticky(document) ? settings.keySources.map((k) => compileField(k.source, k.key)) : [];
  const seed = settings.seed ?? document.name;

  return {
    rate: settings.recordPercent / 100,
    maxPerSecond: settings.recordMaxPerSecond,
    keys: settings.recordKeys,
    fields,
    features(request) {
      const out: SampleRequest = {};
      let omitted: string[] | undefined;
      if (headers.length > 0 && request.headers !== undefined) {
        const given = lowerCaseHeaders(request.headers)!;
        let kept: Record<string, string> | undefined;
        for (const { name, id } of headers) {
          const value = firstString(given[name]);
          if (value === undefined) continue;
          if (value.length > MAX_FIELD_CHARS) (omitted ??= []).push(id);
          else (kept ??= Object.create(null) as Record<string, string>)[name] = value;
        }
        if (kept !== undefined) out.headers = kept;
      }
      if (query.length > 0 && request.query !== undefined) {
        let kept: Record<string, string> | undefined;
        for (const { name, id } of query) {
          const value = Object.hasOwn(request.query, name) ? firstString(request.query[name]) : undefined;
          if (value === undefined) continue;
          if (value.length > MAX_FIELD_CHARS) (omitted ??= []).push(id);
          else (kept ??= Object.create(null) as Record<string, string>)[name] = value;
        }
        if (kept !== undefined) out.query = kept;
      }
      const body = request.body;
      if (payload.length > 0 && body !== null && typeof body === "object") {
        const kept = newContainer(body);
        let any = false;
        for (const { segments, id } of payload) {
          const result = copyPath(body, kept, segments);
          if (result === "copied") any = true;
          else if (result === "too-long") (omitted ??= []).push(id);
        }
        if (any) out.body = kept;
      }
      if (omitted !== undefined) out.omitted = omitted;
      return out;
    },
    slotOf(request) {
      if (settings.recordKeys !== "slot" || keySources.length === 0) return undefined;
      const given = lowerCaseHeaders(request.headers);
      for (const source of keySources) {
        const key = source.read(given, request.query, request.body);
        if (typeof key === "string" && key.length > 0) return bucketOf(seed, key);
      }
      return undefined;
    },
  };
}

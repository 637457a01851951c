/**
 * Reading a condition's field from a request. Every operator compares text, so a field
 * reads as a string, `undefined` (missing: fails every operator, `present` included) or
 * STRUCTURED (a payload object or array: present, but no text to compare).
 */
import type { ConditionSource, RoutingRequest } from "../router/document";
import { MISSING, parsePath, resolvePath, type PathSegment } from "./paths";

export const STRUCTURED: unique symbol = Symbol("structured");
export type FieldValue = string | undefined | typeof STRUCTURED;

/** A condition's or key source's field, resolved once: lowercased header name, parsed path. */
export interface Field {
  readonly source: ConditionSource;
  readonly key: string;
  /** Header name in lower case; query parameter name as given; unused for payload. */
  readonly name: string;
  readonly segments: readonly PathSegment[];
  /** Reads the field; `headers` must come from `lowerCaseHeaders`. One closure per source, no dispatch per call. */
  readonly read: (headers: Headers | undefined, query: Query | undefined, body: unknown) => FieldValue;
}

export type Headers = Readonly<Record<string, unknown>>;
export type Query = Readonly<Record<string, unknown>>;

/*
 * Header and query readers skip an own-property check: whatever a plain object inherits
 * (`constructor`, `__proto__`, …) is a function or an object, never a string or an array,
 * so it already reads as missing.
 */
function reader(source: ConditionSource, name: string, segments: readonly PathSegment[]): Field["read"] {
  switch (source) {
    case "header":
      return (headers) => {
        if (headers === undefined) return undefined;
        const value = headers[name];
        return typeof value === "string" ? value : firstString(value);
      };
    case "query":
      return (_headers, query) => {
        if (query === undefined) return undefined;
        const value = query[name];
        return typeof value === "string" ? value : firstString(value);
      };
    case "payload":
      return (_headers, _query, body) => {
        const value = resolvePath(segments, body);
        return value === MISSING ? undefined : payloadText(value);
      };
  }
}

export function compileField(source: ConditionSource, key: string): Field {
  const name = source === "header" ? key.toLowerCase() : key;
  const segments = source === "payload" ? parsePath(key) : [];
  return { source, key, name, segments, read: reader(source, name, segments) };
}

const hasOwn = Object.prototype.hasOwnProperty;

function hasUpperCase(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return true;
  }
  return false;
}

/**
 * Headers keyed by lower-case name. Node already lowercases incoming headers, so the common
 * case returns the object itself; otherwise one copy per request, where a name already in
 * lower case wins over other spellings of it, then the first spelling seen.
 */
export function lowerCaseHeaders(headers: Headers | undefined): Headers | undefined {
  if (headers === undefined) return undefined;
  let mixed = false;
  for (const name in headers) {
    if (hasOwn.call(headers, name) && hasUpperCase(name)) {
      mixed = true;
      break;
    }
  }
  if (!mixed) return headers;
  const lowered: Record<string, unknown> = Object.create(null);
  for (const name in headers) {
    if (!hasOwn.call(headers, name)) continue;
    const lower = name.toLowerCase();
    if (lower === name || !(lower in lowered)) lowered[lower] = headers[name];
  }
  return lowered;
}

/** A header or query value: a string, or the first string of a repeated one. */
function firstString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/** The text a payload value compares as: strings as themselves, other scalars as their JSON. */
export function payloadText(value: unknown): FieldValue {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      // JSON.stringify's rendering, without its allocation of a wrapper: non-finite → null.
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return value === null ? "null" : STRUCTURED;
    default:
      return undefined;
  }
}

/** Reads `field`; `headers` must come from `lowerCaseHeaders`. */
export function readField(field: Field, headers: Headers | undefined, query: Query | undefined, body: unknown): FieldValue {
  return field.read(headers, query, body);
}

/**
 * The text of a field in a request, as the conditions see it; `undefined` when missing.
 * A payload object or array is present and reads as its JSON text here (for display), but
 * only `present` matches it.
 */
export function fieldText(source: ConditionSource, key: string, request: RoutingRequest): string | undefined {
  const field = compileField(source, key);
  const value = readField(field, lowerCaseHeaders(request.headers), request.query, request.body);
  if (value !== STRUCTURED) return value;
  return JSON.stringify(resolvePath(field.segments, request.body));
}

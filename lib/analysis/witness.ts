/**
 * Witnesses for two rules on plain fields, without the region solver: each rule's own
 * witness, merged, with every shared field set to a value both accept. Plain fields never
 * share a path with another field, so the merge cannot clash; the caller still checks the
 * result with the engine and falls back to the solver if it ever did.
 */
import type { RoutingRequest } from "../router/document";
import type { Deadline } from "./automata";
import { STRUCTURED, TEXT, type FieldConstraint } from "./constraints";
import type { FieldInfo } from "./fields";
import { NUMBER_LITERAL } from "./numbers";
import type { FieldEntry } from "./region";
import { hasText, intersectText, solveText } from "./text-set";

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A fresh copy of a JSON value (witnesses are frozen; structuredClone is slow). */
function copy(value: Json): Json {
  if (Array.isArray(value)) return value.map(copy);
  if (isObject(value)) {
    const out: Record<string, Json> = {};
    for (const key in value) out[key] = copy(value[key]);
    return out;
  }
  return value;
}

/** Deep merge of two JSON bodies; on a clash of scalars the second wins. */
function merge(x: Json, y: Json): Json {
  if (x === undefined) return y;
  if (y === undefined) return x;
  if (Array.isArray(x) && Array.isArray(y)) {
    const out: Json[] = [];
    for (let i = 0; i < Math.max(x.length, y.length); i++) out.push(x[i] === null || x[i] === undefined ? y[i] : y[i] === null || y[i] === undefined ? x[i] : merge(x[i], y[i]));
    return out;
  }
  if (isObject(x) && isObject(y)) {
    const out: Record<string, Json> = { ...x };
    for (const [key, value] of Object.entries(y)) out[key] = merge(x[key], value);
    return out;
  }
  return y;
}

function setPayload(body: Json, field: FieldInfo, value: Json): boolean {
  let at = body;
  const segments = field.segments;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(at)) {
      if (segment.index < 0 || segment.index >= at.length) return false;
      if (last) at[segment.index] = value;
      else at = at[segment.index];
    } else if (isObject(at)) {
      if (segment.name === null || !(segment.name in at)) return false;
      if (last) at[segment.name] = value;
      else at = at[segment.name];
    } else return false;
  }
  return true;
}

/** A text both constraints accept; null when they only meet on a structured value. */
function commonText(x: FieldConstraint, y: FieldConstraint, deadline: Deadline): string | null | undefined {
  const fx = x.kinds === TEXT ? x.text.finite : null;
  const fy = y.kinds === TEXT ? y.text.finite : null;
  if (fx !== null || fy !== null) {
    const [list, other] = fx !== null ? [fx, y] : [fy!, x];
    return list.find((t) => (other.kinds & TEXT) !== 0 && hasText(other.text, t));
  }
  if (x.kinds & y.kinds & STRUCTURED) return null;
  const verdict = solveText(intersectText(x.text, y.text), deadline);
  return verdict.kind === "sat" ? verdict.text : undefined;
}

/** The merged witness, or null when it cannot be built this way. */
export function plainWitness(
  a: readonly FieldEntry[],
  b: readonly FieldEntry[],
  witnessA: RoutingRequest,
  witnessB: RoutingRequest,
  deadline: Deadline,
): RoutingRequest | null {
  const headers: Record<string, string> = { ...witnessA.headers, ...witnessB.headers };
  const query: Record<string, string | string[]> = { ...witnessA.query, ...witnessB.query };
  const body = merge(copy(witnessA.body), copy(witnessB.body));
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.field.id < x.field.id) j++;
    const y = b[j];
    if (y === undefined || y.field.id !== x.field.id) continue;
    const text = commonText(x.constraint, y.constraint, deadline);
    if (text === undefined) return null;
    if (text === null) continue; // both accept the structured value one of them already placed
    const field = x.field;
    if (field.source === "header") headers[field.name] = text;
    else if (field.source === "query") query[field.name] = text;
    else {
      const numeric = (x.constraint.numeric || y.constraint.numeric) && NUMBER_LITERAL.test(text) && String(Number(text)) === text;
      if (!setPayload(body, field, numeric ? Number(text) : text)) return null;
    }
  }
  const request: RoutingRequest = {};
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (Object.keys(query).length > 0) request.query = query;
  if (body !== undefined) request.body = body;
  return request;
}

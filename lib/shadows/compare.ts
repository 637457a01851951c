/**
 * Whether a shadow agreed with the primary, as a shadow entry's `compare` defines it (see
 * spec.ts). Pure and bounded: bodies over `maxBytes` are not parsed, values nested deeper
 * than `maxDepth` or needing more than `maxSteps` visits are "not comparable", and nothing
 * here throws on any JSON input. The gateway and the console's preview both call it.
 *
 * Semantics, in order:
 * 1. a side with no complete answer: `shadow_failed` (checked first), then `primary_failed`;
 * 2. different status classes (2xx against 5xx…): `disagree` on the field `status`;
 * 3. `exact`: the bodies' bytes are equal (any size; the gateway compares digests);
 * 4. `json` / `fields`: both bodies must parse as JSON within `maxBytes` (two empty bodies
 *    agree), else `not_comparable`; then
 *    - `json`: the same value, object key order ignored, `ignore` paths left out on both sides
 *      (`*` matches any key or index); arrays keep their order and length;
 *    - `fields`: every field agrees. A field missing on both sides agrees; on one side only,
 *      it differs. Without options the values are equal as in `json` mode. With a tolerance,
 *      numbers anywhere inside the value agree when |a − b| ≤ absolute OR |a − b| ≤ relative ×
 *      max(|a|, |b|) (Python's math.isclose; an absent bound is 0), everything else must be
 *      equal. With topK, both values must be arrays (two non-arrays compare as equal values):
 *      the first k elements of each (fewer when shorter) form the same set, duplicates and
 *      order ignored; elements are compared whole (objects key-order-free) or, with `by`, by
 *      the value at that path inside each. A number never equals a string ("1" ≠ 1).
 */
import { MISSING, parsePath, resolvePath, type PathSegment } from "../engine/paths";
import { compareSpecProblems, EXACT, type CompareMode, type CompareSpec } from "./spec";

export const COMPARE_OUTCOMES = ["agree", "disagree", "primary_failed", "shadow_failed", "not_comparable"] as const;
export type CompareOutcome = (typeof COMPARE_OUTCOMES)[number];

export interface FieldDifference {
  /** The spec's field path (fields mode), where the values first differ (json mode), `status` or `body`. */
  readonly field: string;
  /** Each side's value (large values as truncated JSON text); absent when missing on that side. */
  readonly primary?: unknown;
  readonly shadow?: unknown;
  readonly reason: string;
}

export type ComparisonResult =
  | { readonly outcome: "agree" }
  | { readonly outcome: "disagree"; readonly field: string; readonly differences: readonly FieldDifference[] }
  | { readonly outcome: "primary_failed" | "shadow_failed" }
  | { readonly outcome: "not_comparable"; readonly reason: string };

export interface CompareLimits {
  /** Largest body parsed, in bytes. */
  readonly maxBytes: number;
  readonly maxDepth: number;
  /** Values visited per comparison (both sides together). */
  readonly maxSteps: number;
}

export const DEFAULT_COMPARE_LIMITS: CompareLimits = { maxBytes: 256 * 1024, maxDepth: 64, maxSteps: 500_000 };

/** One complete answer: its status and body (text or bytes). */
export interface ResponseSide {
  readonly status: number;
  readonly body: string | Uint8Array;
}

export const AGREE: ComparisonResult = { outcome: "agree" };
const PREVIEW_CHARS = 2048;

class LimitExceeded {
  constructor(readonly reason: string) {}
}

class Budget {
  private steps = 0;
  constructor(private readonly limits: CompareLimits) {}

  step(depth: number): void {
    if (depth > this.limits.maxDepth) throw new LimitExceeded(`nested deeper than ${this.limits.maxDepth} levels`);
    if (++this.steps > this.limits.maxSteps) throw new LimitExceeded(`more than ${this.limits.maxSteps} values to compare`);
  }
}

// ——— paths ———

type Segment = PathSegment | "*";

interface IgnoreNode {
  terminal: boolean;
  readonly children: { readonly key: string; readonly segment: Segment; readonly node: IgnoreNode }[];
}

function segmentOf(part: string): Segment {
  return part === "*" ? "*" : parsePath(part)[0]!;
}

function ignoreTree(paths: readonly string[]): IgnoreNode | null {
  if (paths.length === 0) return null;
  const root: IgnoreNode = { terminal: false, children: [] };
  for (const path of paths) {
    let node = root;
    for (const part of path.split(".")) {
      let child = node.children.find((c) => c.key === part)?.node;
      if (child === undefined) node.children.push({ key: part, segment: segmentOf(part), node: (child = { terminal: false, children: [] }) });
      node = child;
    }
    node.terminal = true;
  }
  return root;
}

/** The ignore nodes reached by an object key or an array index from `nodes`; null when the value is ignored. */
function step(nodes: readonly IgnoreNode[], key: string | number): IgnoreNode[] | null {
  let next: IgnoreNode[] | null = null;
  for (const node of nodes) {
    for (const { segment, node: child } of node.children) {
      const hit = segment === "*" || (typeof key === "number" ? segment.index === key : segment.name === key);
      if (!hit) continue;
      if (child.terminal) return null;
      (next ??= []).push(child);
    }
  }
  return next ?? NONE;
}
const NONE: IgnoreNode[] = [];

// ——— values ———

const hasOwn = Object.prototype.hasOwnProperty;

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    default:
      return typeof value;
  }
}

/** A value as stored with a difference: itself when small, else its JSON text cut short. */
export function preview(value: unknown): unknown {
  if (value === MISSING || value === undefined) return undefined;
  if (value === null || typeof value !== "object") return typeof value === "string" && value.length > PREVIEW_CHARS ? `${value.slice(0, PREVIEW_CHARS)}…` : value;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return "(too deep to show)";
  }
  return text.length <= PREVIEW_CHARS ? value : `${text.slice(0, PREVIEW_CHARS)}…`;
}

type NumbersAgree = (a: number, b: number) => boolean;
const exactNumbers: NumbersAgree = (a, b) => a === b;

interface Found {
  readonly path: (string | number)[];
  readonly primary: unknown;
  readonly shadow: unknown;
  readonly reason: string;
}

/**
 * The first place where `a` (primary) and `b` (shadow) differ, or null. `at` is the path of
 * the value being compared, extended and restored in place.
 */
function firstDifference(a: unknown, b: unknown, at: (string | number)[], ignore: readonly IgnoreNode[], numbers: NumbersAgree, budget: Budget): Found | null {
  budget.step(at.length);
  if (typeof a === "number" && typeof b === "number") {
    return numbers(a, b) ? null : { path: [...at], primary: a, shadow: b, reason: numbers === exactNumbers ? "different numbers" : "beyond the tolerance" };
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    if (a === b) return null;
    const reason = kind(a) === kind(b) ? "different values" : `${kind(a)} in the primary, ${kind(b)} in the shadow`;
    return { path: [...at], primary: a, shadow: b, reason };
  }
  const arrayA = Array.isArray(a);
  if (arrayA !== Array.isArray(b)) return { path: [...at], primary: a, shadow: b, reason: `${kind(a)} in the primary, ${kind(b)} in the shadow` };
  if (arrayA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return { path: [...at], primary: a, shadow: b, reason: `${x.length} elements in the primary, ${y.length} in the shadow` };
    for (let i = 0; i < x.length; i++) {
      const next = ignore.length === 0 ? NONE : step(ignore, i);
      if (next === null) continue;
      at.push(i);
      const found = firstDifference(x[i], y[i], at, next, numbers, budget);
      at.pop();
      if (found) return found;
    }
    return null;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of Object.keys(x)) {
    const next = ignore.length === 0 ? NONE : step(ignore, key);
    if (next === null) continue;
    at.push(key);
    const found = hasOwn.call(y, key)
      ? firstDifference(x[key], y[key], at, next, numbers, budget)
      : { path: [...at], primary: x[key], shadow: MISSING, reason: "missing in the shadow" };
    at.pop();
    if (found) return found;
  }
  for (const key of Object.keys(y)) {
    budget.step(at.length);
    if (hasOwn.call(x, key)) continue;
    if (ignore.length > 0 && step(ignore, key) === null) continue;
    return { path: [...at, key], primary: MISSING, shadow: y[key], reason: "missing in the primary" };
  }
  return null;
}

/** JSON text with object keys sorted: equal for equal values whatever their key order. */
function canonical(value: unknown, depth: number, budget: Budget): string {
  budget.step(depth);
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1, budget)).join(",")}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(record[k], depth + 1, budget)}`)
    .join(",")}}`;
}

function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? "(root)" : path.join(".");
}

/** `found` inside `field`: the reason names the inner path when the values differ below the field itself. */
function difference(field: string, found: Found, inner: boolean): FieldDifference {
  return {
    field,
    ...(found.primary === MISSING ? {} : { primary: preview(found.primary) }),
    ...(found.shadow === MISSING ? {} : { shadow: preview(found.shadow) }),
    reason: inner && found.path.length > 0 ? `${found.reason} at ${field}.${pathText(found.path)}` : found.reason,
  };
}

// ——— compiled comparisons ———

interface CompiledField {
  readonly path: string;
  readonly segments: PathSegment[];
  readonly numbers: NumbersAgree;
  readonly topK: number | null;
  readonly by: PathSegment[] | null;
  readonly byText: string | null;
}

function tolerant(absolute: number, relative: number): NumbersAgree {
  return (a, b) => {
    if (a === b) return true;
    const delta = Math.abs(a - b);
    return delta <= absolute || delta <= relative * Math.max(Math.abs(a), Math.abs(b));
  };
}

export class CompiledComparison {
  readonly mode: CompareMode;
  /** json and fields parse both bodies; exact compares bytes (the gateway: digests). */
  readonly parsesBodies: boolean;
  private readonly ignore: IgnoreNode | null = null;
  private readonly fields: readonly CompiledField[] = [];

  constructor(readonly spec: CompareSpec) {
    this.mode = spec.mode;
    this.parsesBodies = spec.mode !== "exact";
    if (spec.mode === "json") this.ignore = ignoreTree(spec.ignore);
    if (spec.mode === "fields") {
      this.fields = spec.fields.map((f) => ({
        path: f.path,
        segments: parsePath(f.path),
        numbers: f.tolerance ? tolerant(f.tolerance.absolute ?? 0, f.tolerance.relative ?? 0) : exactNumbers,
        topK: f.topK ?? null,
        by: f.by === undefined ? null : parsePath(f.by),
        byText: f.by ?? null,
      }));
    }
  }

  /** Compares two parsed JSON values (json and fields modes; exact mode compares them as json without ignores). */
  compareValues(primary: unknown, shadow: unknown, limits: CompareLimits = DEFAULT_COMPARE_LIMITS): ComparisonResult {
    const budget = new Budget(limits);
    try {
      if (this.mode !== "fields") {
        const found = firstDifference(primary, shadow, [], this.ignore ? [this.ignore] : NONE, exactNumbers, budget);
        if (found === null) return AGREE;
        const field = pathText(found.path);
        return { outcome: "disagree", field, differences: [difference(field, found, false)] };
      }
      const differences: FieldDifference[] = [];
      for (const field of this.fields) {
        const found = this.compareField(field, primary, shadow, budget);
        if (found) differences.push(found);
      }
      return differences.length === 0 ? AGREE : { outcome: "disagree", field: differences[0]!.field, differences };
    } catch (error) {
      if (error instanceof LimitExceeded) return { outcome: "not_comparable", reason: error.reason };
      // A RangeError from a stack too deep for the engine: still an answer, never a throw.
      return { outcome: "not_comparable", reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private compareField(field: CompiledField, primary: unknown, shadow: unknown, budget: Budget): FieldDifference | null {
    const a = resolvePath(field.segments, primary);
    const b = resolvePath(field.segments, shadow);
    if (a === MISSING && b === MISSING) return null;
    if (a === MISSING || b === MISSING) {
      return { field: field.path, ...(a === MISSING ? { shadow: preview(b) } : { primary: preview(a) }), reason: a === MISSING ? "missing in the primary" : "missing in the shadow" };
    }
    if (field.topK !== null && (Array.isArray(a) || Array.isArray(b))) {
      if (!Array.isArray(a) || !Array.isArray(b)) return { field: field.path, primary: preview(a), shadow: preview(b), reason: `${kind(a)} in the primary, ${kind(b)} in the shadow` };
      const k = field.topK;
      const top = (list: unknown[]) => list.slice(0, k).map((e) => (field.by === null ? e : resolvePath(field.by, e)));
      const [x, y] = [top(a), top(b)];
      const key = (v: unknown) => (v === MISSING ? "\u0000missing" : canonical(v, 0, budget));
      const [setX, setY] = [new Set(x.map(key)), new Set(y.map(key))];
      const same = setX.size === setY.size && [...setX].every((s) => setY.has(s));
      if (same) return null;
      const shown = (list: unknown[]) => preview(list.map((v) => (v === MISSING ? null : v)));
      return { field: field.path, primary: shown(x), shadow: shown(y), reason: `not the same top ${k}${field.byText ? ` by ${field.byText}` : ""}` };
    }
    const found = firstDifference(a, b, [], NONE, field.numbers, budget);
    if (found === null) return null;
    return difference(field.path, found, true);
  }
}

/** The comparison of a spec (absent: exact). Throws when the spec has problems (see `compareSpecProblems`). */
export function compileComparison(spec: CompareSpec = EXACT): CompiledComparison {
  const problems = compareSpecProblems(spec);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; "));
  return new CompiledComparison(spec);
}

// ——— whole answers ———

/** Status classes differ (a 5xx against a 2xx): the disagreement, else null. */
export function statusDifference(primary: number, shadow: number): ComparisonResult | null {
  if (Math.floor(primary / 100) === Math.floor(shadow / 100)) return null;
  return { outcome: "disagree", field: "status", differences: [{ field: "status", primary, shadow, reason: `${Math.floor(primary / 100)}xx in the primary, ${Math.floor(shadow / 100)}xx in the shadow` }] };
}

export type ParsedBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const EMPTY = Symbol("empty body");
const decoder = new TextDecoder("utf-8");
const encoder = new TextEncoder();

/** UTF-8 length of a string without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether JSON text nests brackets deeper than `max`, read in one pass without parsing:
 * parsing a deeply nested body is cheap, but the garbage collector then pays for every level.
 */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A body as JSON, within `maxBytes`; an empty body parses to a marker that only equals itself. */
export function parseBody(body: string | Uint8Array, side: "primary" | "shadow", limits: CompareLimits = DEFAULT_COMPARE_LIMITS): ParsedBody {
  const size = typeof body === "string" ? utf8Length(body) : body.byteLength;
  if (size > limits.maxBytes) return { ok: false, reason: `the ${side}'s answer is larger than the ${limits.maxBytes}-byte comparison limit` };
  let text = typeof body === "string" ? body : decoder.decode(body);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ok: true, value: EMPTY };
  if (nestsDeeperThan(text, limits.maxDepth)) return { ok: false, reason: `the ${side}'s answer is nested deeper than ${limits.maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: `the ${side}'s answer is not JSON` };
  }
}

/** Compares two parsed bodies (see `parseBody`). */
export function compareParsed(comparison: CompiledComparison, primary: ParsedBody, shadow: ParsedBody, limits: CompareLimits = DEFAULT_COMPARE_LIMITS): ComparisonResult {
  if (!primary.ok) return { outcome: "not_comparable", reason: primary.reason };
  if (!shadow.ok) return { outcome: "not_comparable", reason: shadow.reason };
  if (primary.value === EMPTY || shadow.value === EMPTY) {
    return primary.value === shadow.value ? AGREE : { outcome: "not_comparable", reason: `the ${primary.value === EMPTY ? "primary" : "shadow"}'s answer is empty` };
  }
  return comparison.compareValues(primary.value, shadow.value, limits);
}

function sameBytes(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === "string" && typeof b === "string") return a === b;
  const x = typeof a === "string" ? encoder.encode(a) : a;
  const y = typeof b === "string" ? encoder.encode(b) : b;
  if (x.byteLength !== y.byteLength) return false;
  for (let i = 0; i < x.byteLength; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The whole comparison of two answers (null: that side gave no complete answer). */
export function compareResponses(
  comparison: CompiledComparison,
  primary: ResponseSide | null,
  shadow: ResponseSide | null,
  limits: CompareLimits = DEFAULT_COMPARE_LIMITS,
): ComparisonResult {
  if (shadow === null) return { outcome: "shadow_failed" };
  if (primary === null) return { outcome: "primary_failed" };
  const status = statusDifference(primary.status, shadow.status);
  if (status) return status;
  if (!comparison.parsesBodies) {
    return sameBytes(primary.body, shadow.body) ? AGREE : { outcome: "disagree", field: "body", differences: [{ field: "body", reason: "the bodies differ" }] };
  }
  return compareParsed(comparison, parseBody(primary.body, "primary", limits), parseBody(shadow.body, "shadow", limits), limits);
}

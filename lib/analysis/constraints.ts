/**
 * What one field may hold for a set of requests: which kinds of value (missing, a payload
 * object/array, a text) and, for texts, which ones. A condition is one constraint; a rule's
 * conditions on the same field intersect; the coverage check also needs complements.
 */
import { compileRegex } from "../engine/conditions";
import type { Condition, ConditionSource } from "../router/document";
import { rangeAtom, stringAtom } from "./atoms";
import { ALL_TEXT, complementText, EMPTY_TEXT, intersectText, textSet, type TextSet } from "./text-set";

/** The field is missing. */
export const MISSING = 1;
/** The field is a payload object or array: present, but no text. */
export const STRUCTURED = 2;
/** The field reads as a text. */
export const TEXT = 4;

export interface FieldConstraint {
  readonly id: number;
  /** Bit set of MISSING | STRUCTURED | TEXT. */
  readonly kinds: number;
  /** The texts allowed when the kind is TEXT. */
  readonly text: TextSet;
  /** A `range` contributed: a witness shows the value as a JSON number. */
  readonly numeric: boolean;
}

const constraints = new Map<number, FieldConstraint>();
let nextId = 1;

export function constraint(kinds: number, text: TextSet, numeric = false): FieldConstraint {
  const key = text.id * 16 + kinds * 2 + (numeric ? 1 : 0);
  let c = constraints.get(key);
  if (c === undefined) {
    if (constraints.size > 200_000) constraints.clear();
    c = { id: nextId++, kinds, text, numeric };
    constraints.set(key, c);
  }
  return c;
}

/** The kinds a field from `source` can have at all: only the payload holds objects. */
function domain(source: ConditionSource): number {
  return source === "payload" ? MISSING | STRUCTURED | TEXT : MISSING | TEXT;
}

const regexErrors = new Map<string, string | null>();

/** Why re2js refuses `pattern`, or null when it compiles (cached: compiling is not free). */
export function regexError(pattern: string): string | null {
  let error = regexErrors.get(pattern);
  if (error === undefined) {
    const result = compileRegex(pattern);
    error = result.ok ? null : result.error;
    if (regexErrors.size > 10_000) regexErrors.clear();
    regexErrors.set(pattern, error);
  }
  return error;
}

/** One condition as a constraint on its field (mirrors the engine's operator semantics). */
export function conditionConstraint(condition: Condition): FieldConstraint {
  const values = condition.values.map((v) => String(v));
  switch (condition.operator) {
    case "present":
      return constraint(domain(condition.source) & (STRUCTURED | TEXT), ALL_TEXT);
    case "in":
      return constraint(TEXT, textSet(values));
    case "prefix":
    case "suffix":
    case "contains":
      return constraint(TEXT, values.length === 0 ? EMPTY_TEXT : textSet(null, [stringAtom(condition.operator, values)]));
    case "regex": {
      // The engine drops patterns re2js refuses: with none left the condition never holds.
      const valid = values.filter((v) => regexError(v) === null);
      return constraint(TEXT, valid.length === 0 ? EMPTY_TEXT : textSet(null, [stringAtom("regex", valid)]));
    }
    case "range": {
      const [min, max] = condition.values;
      if (typeof min !== "number" || typeof max !== "number" || !(min <= max)) return constraint(TEXT, EMPTY_TEXT);
      return constraint(TEXT, textSet(null, [rangeAtom(min, max)]), true);
    }
  }
}

export function intersectConstraints(a: FieldConstraint, b: FieldConstraint): FieldConstraint {
  if (a === b) return a;
  return constraint(a.kinds & b.kinds, intersectText(a.text, b.text), a.numeric || b.numeric);
}

/** Constraints whose union is everything `c` excludes within the field's domain. */
export function complementConstraint(c: FieldConstraint, source: ConditionSource): FieldConstraint[] {
  const parts: FieldConstraint[] = [];
  const others = domain(source) & ~c.kinds;
  if (others !== 0) parts.push(constraint(others, ALL_TEXT));
  if (c.kinds & TEXT) for (const text of complementText(c.text)) parts.push(constraint(TEXT, text, c.numeric));
  return parts;
}

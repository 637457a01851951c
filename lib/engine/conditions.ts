/**
 * One condition: compiled once into a predicate over a field's value. Regexes run on re2js
 * (RE2 syntax, linear time); a JavaScript RegExp never sees a user's pattern.
 */
import { RE2JS } from "re2js";
import type { Condition, RoutingRequest } from "../router/document";
import { compileField, lowerCaseHeaders, type Field, type FieldValue, type Headers, type Query } from "./values";

export interface CompiledCondition {
  readonly condition: Condition;
  readonly field: Field;
  /** Why some of the condition's regex patterns can never match (invalid RE2 syntax). */
  readonly errors: readonly string[];
  /** The operator applied to an already-read value. */
  readonly test: (value: FieldValue) => boolean;
  /** Reads the field and applies the operator; `headers` must come from `lowerCaseHeaders`. */
  readonly matches: (headers: Headers | undefined, query: Query | undefined, body: unknown) => boolean;
}

export type RegexResult = { ok: true; regex: RE2JS } | { ok: false; error: string };

/** Compiles an RE2 pattern, or says why it is invalid. */
export function compileRegex(pattern: string): RegexResult {
  try {
    return { ok: true, regex: RE2JS.compile(pattern) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The first pattern of each regex condition that does not compile, as a field error keyed
 * `conditions.{i}.values`: what the rule and audience forms show before asking the server,
 * whose analysis refuses the same patterns (`invalid_regex`).
 */
export function conditionPatternErrors(conditions: readonly Condition[]): Record<string, string> {
  const errors: Record<string, string> = {};
  conditions.forEach((c, i) => {
    if (c.operator !== "regex") return;
    for (const v of c.values) {
      const compiled = typeof v === "string" ? compileRegex(v) : ({ ok: false, error: "not a string" } as const);
      if (!compiled.ok) {
        errors[`conditions.${i}.values`] = `invalid RE2 pattern ${JSON.stringify(v)}: ${compiled.error}`;
        break;
      }
    }
  });
  return errors;
}

/** A JSON number literal: the only text `range` accepts (no hex, no spaces, no `Infinity`). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function stringValues(condition: Condition): string[] {
  return condition.values.map((v) => String(v));
}

// Below this many values a linear scan beats hashing the text.
const SET_THRESHOLD = 8;

function operatorTest(condition: Condition, errors: string[]): (value: FieldValue) => boolean {
  const values = stringValues(condition);
  switch (condition.operator) {
    case "present":
      return (v) => v !== undefined;
    case "in": {
      if (values.length === 1) {
        const only = values[0]!;
        return (v) => v === only;
      }
      if (values.length > SET_THRESHOLD) {
        const set = new Set(values);
        return (v) => typeof v === "string" && set.has(v);
      }
      return (v) => typeof v === "string" && values.includes(v);
    }
    case "prefix":
      return (v) => {
        if (typeof v !== "string") return false;
        for (let i = 0; i < values.length; i++) if (v.startsWith(values[i]!)) return true;
        return false;
      };
    case "suffix":
      return (v) => {
        if (typeof v !== "string") return false;
        for (let i = 0; i < values.length; i++) if (v.endsWith(values[i]!)) return true;
        return false;
      };
    case "contains":
      return (v) => {
        if (typeof v !== "string") return false;
        for (let i = 0; i < values.length; i++) if (v.includes(values[i]!)) return true;
        return false;
      };
    case "regex": {
      const regexes: RE2JS[] = [];
      for (const pattern of values) {
        const result = compileRegex(pattern);
        if (result.ok) regexes.push(result.regex);
        else errors.push(`invalid regex ${JSON.stringify(pattern)}: ${result.error}`);
      }
      return (v) => {
        if (typeof v !== "string") return false;
        // Full match, like Envoy's safe_regex: a search is written `.*x.*`.
        for (let i = 0; i < regexes.length; i++) if (regexes[i]!.testExact(v)) return true;
        return false;
      };
    }
    case "range": {
      const [min, max] = condition.values;
      if (typeof min !== "number" || typeof max !== "number") {
        errors.push("range takes exactly two numbers: [min, max]");
        return () => false;
      }
      return (v) => {
        if (typeof v !== "string" || !JSON_NUMBER.test(v)) return false;
        const n = Number(v);
        return n >= min && n <= max;
      };
    }
  }
}

export function compileCondition(condition: Condition): CompiledCondition {
  const field = compileField(condition.source, condition.key);
  const errors: string[] = [];
  const test = operatorTest(condition, errors);
  const read = field.read;
  return {
    condition,
    field,
    errors,
    test,
    matches: (headers, query, body) => test(read(headers, query, body)),
  };
}

// The analysis checks witnesses one condition at a time: compile each condition object once.
const compiledCache = new WeakMap<Condition, CompiledCondition>();

function cached(condition: Condition): CompiledCondition {
  let compiled = compiledCache.get(condition);
  if (compiled === undefined) {
    compiled = compileCondition(condition);
    compiledCache.set(condition, compiled);
  }
  return compiled;
}

/** Whether `request` satisfies `condition`. */
export function matchCondition(condition: Condition, request: RoutingRequest): boolean {
  return cached(condition).matches(lowerCaseHeaders(request.headers), request.query, request.body);
}

/** Whether `request` satisfies every condition (AND; an empty list holds). */
export function matchConditions(conditions: readonly Condition[], request: RoutingRequest): boolean {
  const headers = lowerCaseHeaders(request.headers);
  for (const condition of conditions) {
    if (!cached(condition).matches(headers, request.query, request.body)) return false;
  }
  return true;
}


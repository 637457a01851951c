/**
 * Atoms: the text predicates that are not finite sets — prefix, suffix, contains, regex,
 * range — interned by content so that every cache downstream can key on a small integer.
 * Each atom tests a concrete text with the engine's own operator code, so a witness the
 * analysis checks here is judged exactly as the gateway would judge it.
 */
import type { DFA } from "refa";
import { compileCondition } from "../engine/conditions";
import type { Condition } from "../router/document";
import { anyText, AutomatonLimit, checkDeadline, dfaOf, expression, group, literal, sampleWords, seq, TOO_LARGE, type Deadline } from "./automata";
import { re2Expression, UnsupportedRegex } from "./re2-syntax";

export type AtomOperator = "prefix" | "suffix" | "contains" | "regex" | "range";

export interface Atom {
  readonly id: number;
  readonly key: string;
  readonly operator: AtomOperator;
  /** Options of prefix/suffix/contains; the valid patterns of regex; empty for range. */
  readonly values: readonly string[];
  /** range only. */
  readonly min: number;
  readonly max: number;
  /** The engine's verdict on one text. */
  readonly test: (text: string) => boolean;
}

/** A regular atom's language, or why the analysis cannot build it. */
export type AtomLanguage = { readonly exact: true; readonly dfa: DFA } | { readonly exact: false; readonly reason: string };

const atoms = new Map<string, Atom>();
let nextId = 1;
const MAX_ATOMS = 50_000;

function intern(operator: AtomOperator, values: readonly string[], min = 0, max = 0): Atom {
  const key = operator === "range" ? `range:${min}:${max}` : `${operator}:${JSON.stringify(values)}`;
  let atom = atoms.get(key);
  if (atom === undefined) {
    const condition: Condition =
      operator === "range"
        ? { source: "query", key: "_", operator, values: [min, max] }
        : { source: "query", key: "_", operator, values: [...values] };
    const test = compileCondition(condition).test;
    atom = { id: nextId++, key, operator, values, min, max, test: (text) => test(text) };
    // Atoms compare by identity: a fresh one for the same key is only a missed shortcut.
    if (atoms.size >= MAX_ATOMS) atoms.clear();
    atoms.set(key, atom);
  }
  return atom;
}

/** Options sorted and deduplicated: `prefix [b, a]` and `prefix [a, b, a]` are one atom. */
export function stringAtom(operator: "prefix" | "suffix" | "contains" | "regex", values: readonly string[]): Atom {
  return intern(operator, [...new Set(values)].sort());
}

export function rangeAtom(min: number, max: number): Atom {
  // -0 and 0 bound the same texts.
  return intern("range", [], min === 0 ? 0 : min, max === 0 ? 0 : max);
}

const languages = new Map<number, AtomLanguage>();
const samples = new Map<number, readonly string[]>();
/** States held by the cached languages: a long-running analysis keeps at most this many. */
const MAX_CACHED_STATES = 200_000;
let cachedStates = 0;

function build(atom: Atom, deadline: Deadline): ReturnType<typeof expression> {
  const options = atom.values.map((v) => seq(literal(v)));
  switch (atom.operator) {
    case "prefix":
      return expression([seq(group(options), anyText())]);
    case "suffix":
      return expression([seq(anyText(), group(options))]);
    case "contains":
      return expression([seq(anyText(), group(options), anyText())]);
    case "regex":
      return expression(atom.values.flatMap((pattern) => re2Expression(pattern, () => checkDeadline(deadline)).alternatives));
    case "range":
      throw new Error("range has no single regular language: see numbers.ts");
  }
}

/**
 * The atom's language (not for range). A pattern the translator cannot express, or an
 * automaton over the node limit, is opaque for good; a passed deadline is not remembered.
 */
export function atomLanguage(atom: Atom, deadline: Deadline): AtomLanguage {
  const known = languages.get(atom.id);
  if (known !== undefined) return known;
  let language: AtomLanguage;
  try {
    language = { exact: true, dfa: dfaOf(build(atom, deadline), deadline) };
  } catch (error) {
    if (error instanceof UnsupportedRegex) language = { exact: false, reason: `regex not analysable: ${error.message}` };
    else if (error instanceof AutomatonLimit && error.message === TOO_LARGE) language = { exact: false, reason: TOO_LARGE };
    else throw error;
  }
  const states = language.exact ? language.dfa.countNodes() : 1;
  if (cachedStates + states > MAX_CACHED_STATES) {
    languages.clear();
    samples.clear();
    cachedStates = 0;
  }
  cachedStates += states;
  languages.set(atom.id, language);
  return language;
}

/** A few short texts the atom accepts (regex only: other atoms build their candidates directly). */
export function atomSamples(atom: Atom, deadline: Deadline): readonly string[] {
  let known = samples.get(atom.id);
  if (known === undefined) {
    const language = atomLanguage(atom, deadline);
    known = language.exact ? sampleWords(language.dfa, 4, deadline).filter(atom.test) : [];
    if (samples.size > 50_000) samples.clear();
    samples.set(atom.id, known);
  }
  return known;
}

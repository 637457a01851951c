/**
 * Sets of texts one field may take, closed under intersection and (as unions) complement:
 * either an explicit finite list (from `in`, already filtered by everything else on the
 * field) or a conjunction of atoms, negated atoms and excluded texts. Interned by content.
 *
 * `solveText` decides whether a set is empty and, when not, picks a witness text:
 *  1. cheap candidates built from the atoms (most questions end here);
 *  2. otherwise automata (refa), with `range` bracketed between an under- and an
 *     over-approximation (numbers.ts);
 *  3. otherwise "unknown": an opaque regex, a blown node limit, or an edge of a range the
 *     brackets cannot settle. The caller reports those as "may overlap".
 */
import type { DFA } from "refa";
import { atomLanguage, atomSamples, rangeAtom, type Atom } from "./atoms";
import { all, AutomatonLimit, complement, dfaOf, dfaOfWords, empty, expression, intersect, sampleWords, union, type Deadline } from "./automata";
import { PairTable } from "./pair-table";
import { ALL_NUMBERS, numberLiterals, rangeLanguage, rangeSamples, subtractInterval, type Interval } from "./numbers";

export interface TextSet {
  readonly id: number;
  readonly key: string;
  /** Exactly these texts (then pos, neg and exclude are empty), or null: the conjunction below. */
  readonly finite: readonly string[] | null;
  readonly pos: readonly Atom[];
  readonly neg: readonly Atom[];
  readonly exclude: readonly string[];
}

export type TextVerdict = { readonly kind: "sat"; readonly text: string } | { readonly kind: "unsat" } | { readonly kind: "unknown"; readonly reason: string };

const sets = new Map<string, TextSet>();
let nextId = 1;

function intern(finite: readonly string[] | null, pos: readonly Atom[], neg: readonly Atom[], exclude: readonly string[]): TextSet {
  const ids = (list: readonly Atom[]): string => list.map((a) => a.id).join(",");
  const key = finite !== null ? `F${JSON.stringify(finite)}` : `O${ids(pos)}|${ids(neg)}|${JSON.stringify(exclude)}`;
  let set = sets.get(key);
  if (set === undefined) {
    if (sets.size > 200_000) {
      // Keep the two constants interned: code compares with them by identity.
      sets.clear();
      sets.set(EMPTY_TEXT.key, EMPTY_TEXT);
      sets.set(ALL_TEXT.key, ALL_TEXT);
    }
    set = { id: nextId++, key, finite, pos, neg, exclude };
    sets.set(key, set);
  }
  return set;
}

const byId = (a: Atom, b: Atom): number => a.id - b.id;

function uniqueAtoms(list: readonly Atom[]): Atom[] {
  const out: Atom[] = [];
  for (const atom of [...list].sort(byId)) if (out[out.length - 1] !== atom) out.push(atom);
  return out;
}

const excludeSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Membership in a list of excluded texts: a hash set once the list is long (excluded `in` lists add up). */
function excluded(exclude: readonly string[], text: string): boolean {
  if (exclude.length <= 16) return exclude.includes(text);
  let set = excludeSets.get(exclude);
  if (set === undefined) {
    set = new Set(exclude);
    excludeSets.set(exclude, set);
  }
  return set.has(text);
}

function accepts(text: string, pos: readonly Atom[], neg: readonly Atom[], exclude: readonly string[]): boolean {
  for (const atom of pos) if (!atom.test(text)) return false;
  for (const atom of neg) if (atom.test(text)) return false;
  return !excluded(exclude, text);
}

/** Builds (and normalises) a set: finite lists are filtered, ranges merged. */
export function textSet(finite: readonly string[] | null, pos: readonly Atom[] = [], neg: readonly Atom[] = [], exclude: readonly string[] = []): TextSet {
  if (finite !== null) {
    const kept = [...new Set(finite)].filter((t) => accepts(t, pos, neg, exclude)).sort();
    return intern(kept, [], [], []);
  }
  let positives = uniqueAtoms(pos);
  const ranges = positives.filter((a) => a.operator === "range");
  if (ranges.length > 1) {
    const min = Math.max(...ranges.map((a) => a.min));
    const max = Math.min(...ranges.map((a) => a.max));
    if (min > max) return EMPTY_TEXT;
    positives = uniqueAtoms([...positives.filter((a) => a.operator !== "range"), rangeAtom(min, max)]);
  }
  // An atom both required and forbidden empties the set.
  const negatives = uniqueAtoms(neg);
  if (negatives.some((a) => positives.includes(a))) return EMPTY_TEXT;
  return intern(null, positives, negatives, [...new Set(exclude)].sort());
}

export const EMPTY_TEXT: TextSet = intern([], [], [], []);
export const ALL_TEXT: TextSet = intern(null, [], [], []);

const lookups = new WeakMap<TextSet, ReadonlySet<string>>();

/** Membership in a finite list: a hash set once the list is long (`in` lists can hold 1000 values). */
function finiteHas(set: TextSet, text: string): boolean {
  const list = set.finite!;
  if (list.length <= 16) return list.includes(text);
  let lookup = lookups.get(set);
  if (lookup === undefined) {
    lookup = new Set(list);
    lookups.set(set, lookup);
  }
  return lookup.has(text);
}

/** Whether `text` belongs to the set. */
export function hasText(set: TextSet, text: string): boolean {
  return set.finite !== null ? finiteHas(set, text) : accepts(text, set.pos, set.neg, set.exclude);
}

/** Whether two sets share a text, when at least one is a finite list (no new set is built). */
export function sharesText(a: TextSet, b: TextSet): boolean {
  const [small, other] = a.finite !== null && (b.finite === null || a.finite.length <= b.finite.length) ? [a, b] : [b, a];
  return small.finite!.some((t) => hasText(other, t));
}

const intersections = new PairTable<TextSet>(200_000);

export function intersectText(a: TextSet, b: TextSet): TextSet {
  if (a === b || b === ALL_TEXT) return a;
  if (a === ALL_TEXT) return b;
  let result = intersections.get(a.id, b.id);
  if (result === undefined) {
    if (a.finite !== null) result = textSet(a.finite.filter((t) => hasText(b, t)));
    else if (b.finite !== null) result = textSet(b.finite.filter((t) => hasText(a, t)));
    else result = textSet(null, [...a.pos, ...b.pos], [...a.neg, ...b.neg], [...a.exclude, ...b.exclude]);
    intersections.set(a.id, b.id, result);
  }
  return result;
}

/** The complement of a set, as sets whose union it is. */
export function complementText(set: TextSet): TextSet[] {
  if (set.finite !== null) return set.finite.length === 0 ? [ALL_TEXT] : [textSet(null, [], [], set.finite)];
  const parts: TextSet[] = [];
  for (const atom of set.pos) parts.push(textSet(null, [], [atom]));
  for (const atom of set.neg) parts.push(textSet(null, [atom]));
  if (set.exclude.length > 0) parts.push(textSet(set.exclude));
  return parts;
}

/** Whether every text of `a` is in `b`, when that is cheap to see (false means "not shown"). */
export function obviouslySubset(a: TextSet, b: TextSet): boolean {
  if (b === ALL_TEXT || a.finite?.length === 0) return true;
  if (a.finite !== null) return a.finite.every((t) => hasText(b, t));
  if (b.finite !== null) return false;
  return b.pos.every((p) => a.pos.includes(p)) && b.neg.every((n) => a.neg.includes(n)) && b.exclude.every((t) => a.exclude.includes(t));
}

// ---------------------------------------------------------------------------------------
// Deciding emptiness.

const verdicts = new Map<number, TextVerdict>();

export function solveText(set: TextSet, deadline: Deadline): TextVerdict {
  if (set.finite !== null) return set.finite.length > 0 ? { kind: "sat", text: set.finite[0]! } : { kind: "unsat" };
  const known = verdicts.get(set.id);
  if (known !== undefined) return known;
  let verdict: TextVerdict;
  try {
    verdict = decide(set, deadline);
  } catch (error) {
    // Out of budget: answer for now, decide again next time.
    if (error instanceof AutomatonLimit) return { kind: "unknown", reason: error.message };
    throw error;
  }
  if (verdicts.size > 200_000) verdicts.clear();
  verdicts.set(set.id, verdict);
  return verdict;
}

/**
 * The numbers a text may read as, when range conditions are involved: the positive range
 * (or every number) minus the negative ones. Null when no range is involved.
 */
function numericPart(set: TextSet): { intervals: Interval[]; required: boolean } | null {
  const ranges = set.pos.filter((a) => a.operator === "range");
  const holes = set.neg.filter((a) => a.operator === "range");
  if (ranges.length === 0 && holes.length === 0) return null;
  let intervals: Interval[] = ranges.length > 0 ? [[ranges[0]!.min, ranges[0]!.max]] : [ALL_NUMBERS];
  for (const hole of holes) intervals = subtractInterval(intervals, [hole.min, hole.max]);
  return { intervals, required: ranges.length > 0 };
}

function decide(set: TextSet, deadline: Deadline): TextVerdict {
  const { pos, neg, exclude } = set;
  if (pos.some((a) => a.operator === "regex" && a.values.length === 0)) return { kind: "unsat" };
  const numeric = numericPart(set);
  // A range needs a number in what is left of its interval: pure interval arithmetic.
  if (numeric?.required && numeric.intervals.length === 0) return { kind: "unsat" };
  const samples = numeric?.intervals.slice(0, 4).flatMap(([min, max]) => rangeSamples(min, max)) ?? [];
  for (const text of [...samples, ...candidates(pos, deadline)]) if (accepts(text, pos, neg, exclude)) return { kind: "sat", text };
  const regular = pos.some((a) => a.operator !== "range") || neg.some((a) => a.operator !== "range");
  // Only ranges and excluded texts: every number of a non-empty interval has endless
  // spellings (5, 5.0, 5.00…) and every text not a number escapes negative ranges.
  if (!regular && numeric !== null) {
    for (const [min, max] of numeric.intervals.slice(0, 4)) {
      const base = rangeSamples(min, max)[0] ?? String(min);
      const point = base.includes(".") ? base : `${base}.`;
      // The fewest trailing zeros no excluded text has: at most one more than there are excluded texts.
      const taken = new Set<number>();
      for (const text of exclude) if (text.startsWith(point) && /^0+$/.test(text.slice(point.length))) taken.add(text.length - point.length);
      let zeros = 1;
      while (taken.has(zeros)) zeros++;
      const text = point + "0".repeat(zeros);
      if (accepts(text, pos, neg, exclude)) return { kind: "sat", text };
    }
  }
  return decideWithAutomata(set, numeric, deadline);
}

/** Cheap guesses: the atoms' own strings glued together, regex samples (numbers come from `decide`). */
function candidates(pos: readonly Atom[], deadline: Deadline): string[] {
  const out = new Set<string>();
  const options = (operator: Atom["operator"]): (readonly string[])[] => pos.filter((a) => a.operator === operator).map((a) => a.values);
  const prefixes = options("prefix");
  const suffixes = options("suffix");
  const contains = options("contains");
  const lists = [...prefixes, ...suffixes, ...contains];
  // Up to 32 combinations of one option per atom.
  const combos: string[][] = [[]];
  for (const list of lists) {
    const next: string[][] = [];
    for (const combo of combos) for (const option of list) if (next.length < 32) next.push([...combo, option]);
    combos.splice(0, combos.length, ...next);
  }
  for (const combo of combos) {
    const p = longestCompatible(combo.slice(0, prefixes.length), (a, b) => b.startsWith(a));
    const s = longestCompatible(combo.slice(prefixes.length, prefixes.length + suffixes.length), (a, b) => b.endsWith(a));
    if (p === null || s === null) continue;
    const middle = combo.slice(prefixes.length + suffixes.length);
    out.add(p + middle.join("") + s);
    if (middle.length === 0) out.add(overlapJoin(p, s));
  }
  for (const atom of pos) if (atom.operator === "regex") for (const text of atomSamples(atom, deadline)) out.add(text);
  out.add("x");
  out.add("0");
  return [...out];
}

/** The longest string when each is a prefix (or suffix) of it; null when two disagree. */
function longestCompatible(strings: readonly string[], within: (short: string, long: string) => boolean): string | null {
  let longest = "";
  for (const s of strings) if (s.length > longest.length) longest = s;
  return strings.every((s) => within(s, longest)) ? longest : null;
}

/** The shortest text starting with `p` and ending with `s`. */
function overlapJoin(p: string, s: string): string {
  for (let k = Math.min(p.length, s.length); k > 0; k--) if (p.endsWith(s.slice(0, k))) return p + s.slice(k);
  return p + s;
}

/** Interval pieces the automata follow at most; beyond, the question stays open. */
const MAX_PIECES = 8;

function decideWithAutomata(set: TextSet, numeric: { intervals: Interval[]; required: boolean } | null, deadline: Deadline): TextVerdict {
  let regular: DFA = all();
  let opaque: string | null = null;
  for (const atom of [...set.pos, ...set.neg]) {
    if (atom.operator === "range") continue;
    const language = atomLanguage(atom, deadline);
    if (!language.exact) opaque = language.reason;
    else regular = intersect(regular, set.pos.includes(atom) ? language.dfa : complement(language.dfa, deadline), deadline);
  }
  if (set.exclude.length > 0) regular = intersect(regular, complement(dfaOfWords(set.exclude, deadline), deadline), deadline);

  // Opaque atoms are left out, so `over` is a superset of the set: empty proves empty.
  let under = regular;
  let over = regular;
  if (numeric !== null) {
    if (numeric.intervals.length > MAX_PIECES) return { kind: "unknown", reason: "too many numeric intervals" };
    // Texts that are not numbers pass negative ranges (when no range is required).
    let underTexts = numeric.required ? empty() : complement(numberLanguage(deadline), deadline);
    let overTexts = underTexts;
    for (const [min, max] of numeric.intervals) {
      underTexts = union(underTexts, rangeLanguage(min, max, "under", deadline), deadline);
      overTexts = union(overTexts, rangeLanguage(min, max, "over", deadline), deadline);
    }
    under = intersect(regular, underTexts, deadline);
    over = intersect(regular, overTexts, deadline);
  }
  if (over.isEmpty) return { kind: "unsat" };
  for (const text of [...sampleWords(under, 8, deadline), ...sampleWords(over, 24, deadline)]) {
    if (accepts(text, set.pos, set.neg, set.exclude)) return { kind: "sat", text };
  }
  const reason = opaque ?? (numeric !== null ? "numeric edge cases the analysis cannot settle" : "the automaton and re2js disagree on this pattern");
  return { kind: "unknown", reason };
}

let numbers: DFA | undefined;

function numberLanguage(deadline: Deadline): DFA {
  numbers ??= dfaOf(expression(numberLiterals()), deadline);
  return numbers;
}

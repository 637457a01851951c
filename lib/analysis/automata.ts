/**
 * Finite automata over texts (code points), on refa. Every construction takes a node limit
 * and the analysis deadline: a language that would blow up makes the question "unknown"
 * (reported as "may overlap") instead of stalling the editor.
 */
import { CharSet, DFA, NFA, TooManyNodesError, Words, type Concatenation, type Element, type Expression, type NoParent } from "refa";
import { MAX_CHAR } from "./re2-syntax";

export type Concat = NoParent<Concatenation>;
export type Elem = NoParent<Element>;

/** Thrown when a construction exceeds its node limit or the deadline passed. */
export class AutomatonLimit extends Error {}

/** Upper bound on the states of any one automaton the analysis builds. */
const NODE_LIMIT = 20_000;

const OPTIONS = { maxCharacter: MAX_CHAR };

const ANY = CharSet.all(MAX_CHAR);

export const charClass = (characters: CharSet): Elem => ({ type: "CharacterClass", characters });
export const seq = (...elements: (Elem | Elem[])[]): Concat => ({ type: "Concatenation", elements: elements.flat() });
export const group = (alternatives: Concat[]): Elem => ({ type: "Alternation", alternatives });
export const repeat = (element: Elem, min: number, max: number): Elem => ({
  type: "Quantifier",
  min,
  max,
  lazy: false,
  alternatives: [seq(element)],
});
export const anyText = (): Elem => repeat(charClass(ANY), 0, Infinity);

/** The code points of `text`, one class each. */
export function literal(text: string): Elem[] {
  return Array.from(text, (ch) => charClass(CharSet.fromCharacter(MAX_CHAR, ch.codePointAt(0)!)));
}

export function expression(alternatives: Concat[]): NoParent<Expression> {
  return { type: "Expression", alternatives };
}

/** Deadline in performance.now() milliseconds, shared by all constructions of one analysis. */
export interface Deadline {
  readonly at: number;
}

function guard<T>(deadline: Deadline, build: () => T): T {
  if (performance.now() > deadline.at) throw new AutomatonLimit("analysis budget exhausted");
  try {
    return build();
  } catch (error) {
    if (error instanceof TooManyNodesError) throw new AutomatonLimit("automaton too large");
    throw error;
  }
}

export function dfaOf(expr: NoParent<Expression>, deadline: Deadline): DFA {
  return guard(deadline, () => {
    const nfa = NFA.fromRegex(expr, OPTIONS, { assertions: "throw", unknowns: "throw" }, new NFA.LimitedNodeFactory(NODE_LIMIT));
    const dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(NODE_LIMIT));
    dfa.minimize();
    return dfa;
  });
}

export function dfaOfWords(texts: readonly string[], deadline: Deadline): DFA {
  return guard(deadline, () => DFA.fromWords(texts.map(Words.fromStringToUnicode), OPTIONS, new DFA.LimitedNodeFactory(NODE_LIMIT)));
}

export function intersect(a: DFA, b: DFA, deadline: Deadline): DFA {
  return guard(deadline, () => {
    const dfa = DFA.fromIntersection(a, b, new DFA.LimitedNodeFactory(NODE_LIMIT));
    dfa.minimize();
    return dfa;
  });
}

export function complement(a: DFA, deadline: Deadline): DFA {
  return guard(deadline, () => {
    const copy = a.copy(new DFA.LimitedNodeFactory(NODE_LIMIT));
    copy.complement();
    return copy;
  });
}

/** a ∪ b, by De Morgan: refa's DFA has intersection and complement. */
export function union(a: DFA, b: DFA, deadline: Deadline): DFA {
  if (a.isEmpty) return b;
  if (b.isEmpty) return a;
  return complement(intersect(complement(a, deadline), complement(b, deadline), deadline), deadline);
}

export function all(): DFA {
  return DFA.all(OPTIONS);
}

export function empty(): DFA {
  return DFA.empty(OPTIONS);
}

/** Up to `count` readable words of the language, shortest first. */
export function sampleWords(dfa: DFA, count: number): string[] {
  const words: string[] = [];
  if (dfa.isEmpty) return words;
  for (const wordSet of dfa.wordSets()) {
    words.push(Words.fromUnicodeToString(Words.pickMostReadableWord(wordSet)));
    if (words.length >= count) break;
  }
  return words;
}

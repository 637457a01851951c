/**
 * Finite automata over texts (code points), on refa. Every construction counts the states
 * it creates against a node limit and looks at the analysis deadline while it builds, and
 * the sampling of words is a bounded search: a language that would blow up makes the
 * question "unknown" (reported as "may overlap") instead of stalling the analysis.
 */
import { CharSet, DFA, NFA, TooManyNodesError, Words, type Concatenation, type Element, type Expression, type NodeFactory, type NoParent, type ReadonlyDFA } from "refa";
import { MAX_CHAR } from "./re2-syntax";

export type Concat = NoParent<Concatenation>;
export type Elem = NoParent<Element>;

/** Thrown when a construction exceeds its node limit or the deadline passed. */
export class AutomatonLimit extends Error {}

/** Upper bound on the states of any one automaton the analysis builds. */
export const NODE_LIMIT = 20_000;

export const BUDGET_EXHAUSTED = "analysis budget exhausted";
export const TOO_LARGE = "automaton too large";

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

/** Deadline in performance.now() milliseconds, shared by every step of one analysis. */
export interface Deadline {
  readonly at: number;
}

export function expired(deadline: Deadline): boolean {
  return performance.now() > deadline.at;
}

/** Throws AutomatonLimit once the deadline has passed: loops call it as they go. */
export function checkDeadline(deadline: Deadline): void {
  if (performance.now() > deadline.at) throw new AutomatonLimit(BUDGET_EXHAUSTED);
}

/**
 * Node factories that stop a construction midway: past NODE_LIMIT states, or once the
 * deadline has passed (looked at for every state, so a construction overruns the budget by
 * the time one state takes, not by the time the whole automaton would).
 */
class Nodes<N> implements NodeFactory<N> {
  private count = 0;
  constructor(
    private readonly make: () => N,
    private readonly deadline: Deadline,
  ) {}

  readonly createNode = (): N => {
    if (++this.count > NODE_LIMIT) throw new AutomatonLimit(TOO_LARGE);
    checkDeadline(this.deadline);
    return this.make();
  };
}

const dfaNodes = (deadline: Deadline): Nodes<DFA.Node> => new Nodes(() => new DFA.Node(), deadline);
const nfaNodes = (deadline: Deadline): Nodes<NFA.Node> => new Nodes(() => new NFA.Node(), deadline);

function guard<T>(deadline: Deadline, build: () => T): T {
  checkDeadline(deadline);
  try {
    return build();
  } catch (error) {
    if (error instanceof TooManyNodesError) throw new AutomatonLimit(TOO_LARGE);
    throw error;
  }
}

/**
 * The minimal DFA of the same language, by Moore's partition refinement: each round
 * splits the states by their block and the blocks their transitions lead to (adjacent
 * ranges into one block merged, dead states dropped), until no block splits. Each round is
 * linear in the transitions and looks at the deadline. refa's own minimisation cannot be
 * interrupted and takes about 0.1 ms per state over a large alphabet (100 ms for 1000).
 */
function minimized(dfa: DFA, deadline: Deadline): DFA {
  const index = new Map<DFA.ReadonlyNode, number>([[dfa.initial, 0]]);
  const states: DFA.ReadonlyNode[] = [dfa.initial];
  // Per state: [min, max, target] triples in ascending order of characters.
  const out: number[][] = [];
  for (let s = 0; s < states.length; s++) {
    if ((s & 127) === 0) checkDeadline(deadline);
    const triples: [number, number, number][] = [];
    states[s]!.out.forEach((target, range) => {
      let t = index.get(target);
      if (t === undefined) {
        t = states.length;
        index.set(target, t);
        states.push(target);
      }
      triples.push([range.min, range.max, t]);
    });
    triples.sort((a, b) => a[0] - b[0]);
    out.push(triples.flat());
  }
  const n = states.length;
  const final = states.map((state) => dfa.finals.has(state as DFA.Node));
  // Live states reach a final state; the others are dropped with the transitions into them.
  const incoming: number[][] = states.map(() => []);
  out.forEach((triples, s) => {
    for (let k = 2; k < triples.length; k += 3) incoming[triples[k]!]!.push(s);
  });
  const live = final.slice();
  const stack = final.flatMap((f, s) => (f ? [s] : []));
  while (stack.length > 0) {
    for (const p of incoming[stack.pop()!]!) {
      if (!live[p]) {
        live[p] = true;
        stack.push(p);
      }
    }
  }
  if (!live[0]) return DFA.empty(OPTIONS);
  let block: number[] = states.map((_, s) => (!live[s] ? -1 : final[s] ? 0 : 1));
  let blocks = new Set(block.filter((b) => b >= 0)).size;
  for (;;) {
    checkDeadline(deadline);
    const ids = new Map<string, number>();
    const next = new Array<number>(n).fill(-1);
    for (let s = 0; s < n; s++) {
      if (block[s]! < 0) continue;
      if ((s & 255) === 0) checkDeadline(deadline);
      const triples = out[s]!;
      let signature = String(block[s]);
      let min = -1;
      let max = -2;
      let to = -1;
      for (let k = 0; k < triples.length; k += 3) {
        const b = block[triples[k + 2]!]!;
        if (b < 0) continue;
        if (b === to && triples[k] === max + 1) {
          max = triples[k + 1]!;
          continue;
        }
        if (to >= 0) signature += `,${min}-${max}>${to}`;
        [min, max, to] = [triples[k]!, triples[k + 1]!, b];
      }
      if (to >= 0) signature += `,${min}-${max}>${to}`;
      let id = ids.get(signature);
      if (id === undefined) {
        id = ids.size;
        ids.set(signature, id);
      }
      next[s] = id;
    }
    block = next;
    if (ids.size === blocks) break;
    blocks = ids.size;
  }
  const builder = new DFA.Builder(dfaNodes(deadline));
  const nodeOf: DFA.Node[] = [];
  nodeOf[block[0]!] = builder.initial;
  const node = (b: number): DFA.Node => (nodeOf[b] ??= builder.createNode());
  const built = new Set<number>();
  for (let s = 0; s < n; s++) {
    const b = block[s]!;
    if (b < 0 || built.has(b)) continue;
    built.add(b);
    const from = node(b);
    if (final[s]) builder.makeFinal(from);
    const byTarget = new Map<number, { min: number; max: number }[]>();
    const triples = out[s]!;
    for (let k = 0; k < triples.length; k += 3) {
      const to = block[triples[k + 2]!]!;
      if (to < 0) continue;
      const list = byTarget.get(to);
      const range = { min: triples[k]!, max: triples[k + 1]! };
      if (list === undefined) byTarget.set(to, [range]);
      else list.push(range);
    }
    for (const [to, ranges] of byTarget) builder.linkNodes(from, node(to), CharSet.empty(MAX_CHAR).union(ranges));
  }
  return DFA.fromBuilder(builder, OPTIONS);
}

export function dfaOf(expr: NoParent<Expression>, deadline: Deadline): DFA {
  return guard(deadline, () => {
    const nfa = NFA.fromRegex(expr, OPTIONS, { assertions: "throw", unknowns: "throw" }, nfaNodes(deadline));
    return minimized(DFA.fromFA(nfa, dfaNodes(deadline)), deadline);
  });
}

export function dfaOfWords(texts: readonly string[], deadline: Deadline): DFA {
  return guard(deadline, () => DFA.fromWords(texts.map(Words.fromStringToUnicode), OPTIONS, dfaNodes(deadline)));
}

export function intersect(a: DFA, b: DFA, deadline: Deadline): DFA {
  return guard(deadline, () => minimized(DFA.fromIntersection(a, b, dfaNodes(deadline)), deadline));
}

export function complement(a: DFA, deadline: Deadline): DFA {
  return guard(deadline, () => {
    const copy = a.copy(dfaNodes(deadline));
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

/** Steps (states taken off the queue) one sampling may take, whatever the deadline says. */
const SAMPLE_STEPS = 20_000;
/** Longest word a sample may have: longer ones are no use as a witness anyway. */
const SAMPLE_LENGTH = 4096;

/** Readable characters first: ASCII letters and digits, then other printable ASCII, space, the rest. */
function readability(c: number): number {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) return 0;
  if (c > 0x20 && c < 0x7f) return 1;
  if (c === 0x20) return 2;
  if (c >= 0xa0 && c <= 0xffff && !(c >= 0xd800 && c <= 0xdfff)) return 3;
  return 4;
}

interface Edge {
  readonly to: number;
  readonly char: number;
}

interface Step {
  readonly state: number;
  readonly char: number;
  readonly length: number;
  readonly parent: Step | null;
}

function wordOf(step: Step): string {
  const chars: number[] = new Array(step.length);
  for (let at: Step | null = step; at !== null && at.parent !== null; at = at.parent) chars[at.length - 1] = at.char;
  return String.fromCodePoint(...chars);
}

/**
 * Up to `count` readable words of the language, shortest first: a best-first search over
 * the automaton's states (each transition read as its most readable character) ordered by
 * the length of the shortest word the partial word can still become. Its cost is
 * polynomial in the states (SAMPLE_STEPS steps at most, the deadline looked at as it goes);
 * enumerating refa's word sets instead grows exponentially with, e.g., the literal in
 * `.*abcdefghijklmno.*`.
 */
export function sampleWords(dfa: ReadonlyDFA, count: number, deadline: Deadline): string[] {
  if (dfa.isEmpty || count <= 0) return [];
  // Number the reachable states and read each one's transitions, one character per target.
  const index = new Map<DFA.ReadonlyNode, number>([[dfa.initial, 0]]);
  const states: DFA.ReadonlyNode[] = [dfa.initial];
  const edges: Edge[][] = [];
  for (let s = 0; s < states.length; s++) {
    if ((s & 63) === 0) checkDeadline(deadline);
    const out: Edge[] = [];
    for (const [target, chars] of states[s]!.out.invert(MAX_CHAR)) {
      let to = index.get(target);
      if (to === undefined) {
        to = states.length;
        index.set(target, to);
        states.push(target);
      }
      out.push({ to, char: Words.pickMostReadableCharacter(chars) ?? chars.ranges[0]!.min });
    }
    out.sort((a, b) => readability(a.char) - readability(b.char) || a.char - b.char);
    edges.push(out);
  }
  // Distance from each state to the nearest final state (backwards breadth-first).
  const incoming: number[][] = states.map(() => []);
  edges.forEach((out, s) => out.forEach((e) => incoming[e.to]!.push(s)));
  const distance = new Array<number>(states.length).fill(Infinity);
  const frontier: number[] = [];
  for (const final of dfa.finals) {
    const s = index.get(final);
    if (s !== undefined && distance[s] === Infinity) {
      distance[s] = 0;
      frontier.push(s);
    }
  }
  for (let k = 0; k < frontier.length; k++) {
    if ((k & 255) === 0) checkDeadline(deadline);
    const s = frontier[k]!;
    for (const p of incoming[s]!) {
      if (distance[p] === Infinity) {
        distance[p] = distance[s]! + 1;
        frontier.push(p);
      }
    }
  }
  if (distance[0] === Infinity) return [];
  // Best first by the shortest word reachable; among equals, deepest first (a word comes out
  // every few steps instead of after a whole level of the search).
  const buckets: Step[][] = [];
  const push = (step: Step): void => {
    const f = step.length + distance[step.state]!;
    (buckets[f] ??= []).push(step);
  };
  push({ state: 0, char: -1, length: 0, parent: null });
  const words: string[] = [];
  let steps = 0;
  for (let f = distance[0]!; f < buckets.length && words.length < count; ) {
    const bucket = buckets[f];
    const step = bucket?.pop();
    if (step === undefined) {
      f++;
      continue;
    }
    if (++steps > SAMPLE_STEPS) break;
    if ((steps & 63) === 0) checkDeadline(deadline);
    if (distance[step.state] === 0) words.push(wordOf(step));
    if (step.length >= SAMPLE_LENGTH) continue;
    const out = edges[step.state]!;
    // Pushed worst first, so that the most readable continuation is taken next.
    for (let k = out.length - 1; k >= 0; k--) {
      const e = out[k]!;
      if (distance[e.to] !== Infinity) push({ state: e.to, char: e.char, length: step.length + 1, parent: step });
    }
  }
  return words;
}

/**
 * RE2 syntax → refa's regex AST, so that a pattern's language can become a finite
 * automaton. The engine runs patterns on re2js with a full match; this parser follows the
 * RE2/Go grammar (Perl classes are ASCII, `[^…]` matches `\n`, `(?i)` folds every class
 * before it is negated, `$` without `(?m)` is the end of the text) rather than handing the
 * pattern to a JavaScript parser, whose syntax and semantics differ in those places.
 *
 * The caller has already checked the pattern with re2js: anything re2js accepts but this
 * parser cannot express exactly throws UnsupportedRegex, and the analysis then treats the
 * pattern as opaque (it still tests concrete texts with re2js, but proves nothing about it).
 */
import { CharSet, JS, Transformers, transform, type CharRange, type Concatenation, type Element, type Expression, type NoParent } from "refa";

/** Texts are sequences of Unicode code points, as re2js reads them. */
export const MAX_CHAR = 0x10ffff;

export class UnsupportedRegex extends Error {}

type Concat = NoParent<Concatenation>;
type Elem = NoParent<Element>;
interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

const range = (min: number, max: number): CharRange => ({ min, max });
const set = (...ranges: CharRange[]): CharSet => CharSet.empty(MAX_CHAR).union(ranges);
const chr = (c: string): number => c.codePointAt(0)!;

const ALL = CharSet.all(MAX_CHAR);
const NOT_NEWLINE = set(range(10, 10)).negate();
const DIGIT = set(range(48, 57));
const WORD = set(range(48, 57), range(65, 90), range(95, 95), range(97, 122));
const SPACE = set(range(9, 10), range(12, 13), range(32, 32));

const POSIX: Readonly<Record<string, CharSet>> = {
  alnum: set(range(48, 57), range(65, 90), range(97, 122)),
  alpha: set(range(65, 90), range(97, 122)),
  ascii: set(range(0, 0x7f)),
  blank: set(range(9, 9), range(32, 32)),
  cntrl: set(range(0, 0x1f), range(0x7f, 0x7f)),
  digit: DIGIT,
  graph: set(range(0x21, 0x7e)),
  lower: set(range(97, 122)),
  print: set(range(0x20, 0x7e)),
  punct: set(range(0x21, 0x2f), range(0x3a, 0x40), range(0x5b, 0x60), range(0x7b, 0x7e)),
  space: set(range(9, 13), range(32, 32)),
  upper: set(range(65, 90)),
  word: WORD,
  xdigit: set(range(48, 57), range(65, 70), range(97, 102)),
};

const foldCache = new Map<string, CharSet>();

/** The simple-case-folding closure of a set (RE2's `(?i)`), as JavaScript's `iu` computes it. */
function fold(chars: CharSet): CharSet {
  const key = chars.toRangesString();
  let folded = foldCache.get(key);
  if (folded === undefined) {
    folded = JS.createCharSet(chars.ranges, { unicode: true, ignoreCase: true }).resize(MAX_CHAR);
    if (foldCache.size > 2000) foldCache.clear();
    foldCache.set(key, folded);
  }
  return folded;
}

function unicodeGroup(name: string): CharSet {
  if (name === "Any") return ALL;
  for (const key of ["General_Category", "Script"]) {
    try {
      return JS.createCharSet([{ kind: "property", key, value: name, strings: false, negate: false }], { unicode: true }).resize(MAX_CHAR);
    } catch {
      // Not a name under this key: try the next one.
    }
  }
  throw new UnsupportedRegex(`unknown Unicode class ${name}`);
}

const cls = (characters: CharSet): Elem => ({ type: "CharacterClass", characters });
const concat = (elements: Elem[]): Concat => ({ type: "Concatenation", elements });
const look = (kind: "ahead" | "behind", negate: boolean, characters: CharSet): Elem => ({
  type: "Assertion",
  kind,
  negate,
  alternatives: [concat([cls(characters)])],
});

// Fresh nodes every time: refa's transformers may rewrite an AST in place.
const textStart = (): Elem => look("behind", true, ALL);
const textEnd = (): Elem => look("ahead", true, ALL);
/** \b (or \B when `negate`): ASCII word characters on one side only (or on both or neither). */
const wordBoundary = (negate: boolean): Elem => ({
  type: "Alternation",
  alternatives: [
    concat([look("behind", false, WORD), look("ahead", !negate, WORD)]),
    concat([look("behind", true, WORD), look("ahead", negate, WORD)]),
  ],
});

const isOctal = (c: number | undefined): c is number => c !== undefined && c >= 48 && c <= 55;
const isDigit = (c: number | undefined): c is number => c !== undefined && c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

class Parser {
  private pos = 0;

  constructor(private readonly text: readonly number[]) {}

  parse(): Concat[] {
    const alternatives = this.body({ i: false, m: false, s: false });
    if (this.pos < this.text.length) throw new UnsupportedRegex("unbalanced ')'");
    return alternatives;
  }

  private peek(offset = 0): number | undefined {
    return this.text[this.pos + offset];
  }

  private next(): number {
    const c = this.text[this.pos++];
    if (c === undefined) throw new UnsupportedRegex("unexpected end of pattern");
    return c;
  }

  private eat(c: string): boolean {
    if (this.peek() === chr(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Alternatives up to a `)` (left for the caller) or the end; `(?flags)` lasts to the group's end. */
  private body(outer: Flags): Concat[] {
    let flags = outer;
    const alternatives: Concat[] = [];
    let elements: Elem[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === chr(")")) break;
      if (c === chr("|")) {
        this.pos++;
        alternatives.push(concat(elements));
        elements = [];
        continue;
      }
      if (c === chr("*") || c === chr("+") || c === chr("?")) {
        this.pos++;
        const [min, max] = c === chr("*") ? [0, Infinity] : c === chr("+") ? [1, Infinity] : [0, 1];
        this.quantify(elements, min, max);
        continue;
      }
      if (c === chr("{")) {
        const repeat = this.repeat();
        if (repeat !== null) {
          this.quantify(elements, repeat[0], repeat[1]);
          continue;
        }
      }
      if (c === chr("(") && this.peek(1) === chr("?") && this.peek(2) !== chr("P") && this.peek(2) !== chr("<")) {
        const group = this.flagGroup(flags);
        if (group.kind === "set") flags = group.flags;
        else elements.push(group.element);
        continue;
      }
      elements.push(...this.atom(flags));
    }
    alternatives.push(concat(elements));
    return alternatives;
  }

  private quantify(elements: Elem[], min: number, max: number): void {
    const last = elements.pop();
    if (last === undefined) throw new UnsupportedRegex("missing argument to repetition operator");
    this.eat("?"); // non-greedy: same language
    elements.push({ type: "Quantifier", min, max, lazy: false, alternatives: last.type === "Alternation" ? last.alternatives : [concat([last])] });
  }

  /** `{n}`, `{n,}`, `{n,m}` at the cursor; null (cursor unmoved) when `{` is a literal. */
  private repeat(): [number, number] | null {
    const start = this.pos;
    this.pos++;
    const number = (): number | null => {
      const from = this.pos;
      while (isDigit(this.peek())) this.pos++;
      if (this.pos === from) return null;
      return Number(String.fromCodePoint(...this.text.slice(from, this.pos)));
    };
    const min = number();
    let max = min;
    if (min !== null && this.eat(",")) max = this.peek() === chr("}") ? Infinity : number();
    if (min === null || max === null || !this.eat("}")) {
      this.pos = start;
      return null;
    }
    return [min, max];
  }

  private flagGroup(flags: Flags): { kind: "set"; flags: Flags } | { kind: "group"; element: Elem } {
    this.pos += 2; // "(?"
    let value = true;
    const next = { ...flags };
    for (;;) {
      const c = String.fromCodePoint(this.next());
      if (c === "i" || c === "m" || c === "s") next[c] = value;
      else if (c === "U") continue; // ungreedy: same language
      else if (c === "-" && value) value = false;
      else if (c === ")") return { kind: "set", flags: next };
      else if (c === ":") {
        const alternatives = this.body(next);
        if (!this.eat(")")) throw new UnsupportedRegex("missing ')'");
        return { kind: "group", element: { type: "Alternation", alternatives } };
      } else throw new UnsupportedRegex(`unknown flag ${c}`);
    }
  }

  private atom(flags: Flags): Elem[] {
    const c = this.next();
    switch (String.fromCodePoint(c)) {
      case "(": {
        if (this.eat("?")) {
          // Named capture: (?P<name>…) or (?<name>…).
          this.eat("P");
          if (!this.eat("<")) throw new UnsupportedRegex("unsupported group");
          while (this.next() !== chr(">"));
        }
        const alternatives = this.body(flags);
        if (!this.eat(")")) throw new UnsupportedRegex("missing ')'");
        return [{ type: "Alternation", alternatives }];
      }
      case ".":
        return [cls(flags.s ? ALL : NOT_NEWLINE)];
      case "^":
        return [flags.m ? look("behind", true, NOT_NEWLINE) : textStart()];
      case "$":
        return [flags.m ? look("ahead", true, NOT_NEWLINE) : textEnd()];
      case "[":
        return [cls(this.charClass(flags))];
      case "\\":
        return this.escape(flags);
      default:
        return [cls(this.literal(c, flags))];
    }
  }

  private literal(c: number, flags: Flags): CharSet {
    const single = CharSet.fromCharacter(MAX_CHAR, c);
    return flags.i ? fold(single) : single;
  }

  private escape(flags: Flags): Elem[] {
    const c = String.fromCodePoint(this.next());
    switch (c) {
      case "A":
        return [textStart()];
      case "z":
        return [textEnd()];
      case "b":
        return [wordBoundary(false)];
      case "B":
        return [wordBoundary(true)];
      case "Q": {
        const out: Elem[] = [];
        while (this.pos < this.text.length) {
          if (this.peek() === chr("\\") && this.peek(1) === chr("E")) {
            this.pos += 2;
            break;
          }
          out.push(cls(this.literal(this.next(), flags)));
        }
        return out;
      }
    }
    this.pos--;
    const group = this.groupEscape(flags);
    if (group !== null) return [cls(group)];
    return [cls(this.literal(this.escapedChar(), flags))];
  }

  /** `\d \D \s \S \w \W \pX \p{Name} \P…` at the cursor (after the backslash), or null. */
  private groupEscape(flags: Flags): CharSet | null {
    const c = String.fromCodePoint(this.peek() ?? 0);
    const perl: Record<string, CharSet> = { d: DIGIT, s: SPACE, w: WORD };
    const lower = c.toLowerCase();
    if (lower in perl) {
      this.pos++;
      return this.group(perl[lower]!, c !== lower, flags);
    }
    if (c === "p" || c === "P") {
      this.pos++;
      let name: string;
      if (this.eat("{")) {
        const from = this.pos;
        while (this.next() !== chr("}"));
        name = String.fromCodePoint(...this.text.slice(from, this.pos - 1));
      } else name = String.fromCodePoint(this.next());
      let negate = c === "P";
      if (name.startsWith("^")) {
        negate = !negate;
        name = name.slice(1);
      }
      return this.group(unicodeGroup(name), negate, flags);
    }
    return null;
  }

  /** RE2 folds a class group before negating it. */
  private group(chars: CharSet, negate: boolean, flags: Flags): CharSet {
    const folded = flags.i ? fold(chars) : chars;
    return negate ? folded.negate() : folded;
  }

  /** One escaped character (after the backslash): octal, hex, C escapes, punctuation. */
  private escapedChar(): number {
    const c = this.next();
    if (isOctal(c) && (c === 48 || isOctal(this.peek()))) {
      let value = c - 48;
      for (let i = 1; i < 3 && isOctal(this.peek()); i++) value = value * 8 + (this.next() - 48);
      return value;
    }
    switch (String.fromCodePoint(c)) {
      case "x": {
        let hex: string;
        if (this.eat("{")) {
          const from = this.pos;
          while (this.next() !== chr("}"));
          hex = String.fromCodePoint(...this.text.slice(from, this.pos - 1));
        } else hex = String.fromCodePoint(this.next(), this.next());
        const value = Number.parseInt(hex, 16);
        if (!/^[0-9a-fA-F]+$/.test(hex) || !(value <= MAX_CHAR)) throw new UnsupportedRegex(`bad hex escape ${hex}`);
        return value;
      }
      case "a":
        return 7;
      case "f":
        return 12;
      case "t":
        return 9;
      case "n":
        return 10;
      case "r":
        return 13;
      case "v":
        return 11;
    }
    if (c < 0x80 && !isAlnum(c)) return c;
    throw new UnsupportedRegex(`invalid escape \\${String.fromCodePoint(c)}`);
  }

  private charClass(flags: Flags): CharSet {
    const negate = this.eat("^");
    let chars = CharSet.empty(MAX_CHAR);
    let first = true;
    while (first || this.peek() !== chr("]")) {
      first = false;
      if (this.peek() === chr("[") && this.peek(1) === chr(":")) {
        const named = this.posixClass(flags);
        if (named !== null) {
          chars = chars.union(named);
          continue;
        }
      }
      if (this.peek() === chr("\\")) {
        this.pos++;
        const group = this.groupEscape(flags);
        if (group !== null) {
          chars = chars.union(group);
          continue;
        }
        this.pos--;
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.peek() === chr("-") && this.peek(1) !== chr("]") && this.peek(1) !== undefined) {
        this.pos++;
        hi = this.classChar();
        if (hi < lo) throw new UnsupportedRegex("bad character class range");
      }
      const span = CharSet.fromRange(MAX_CHAR, { min: lo, max: hi });
      chars = chars.union(flags.i ? fold(span) : span);
    }
    this.pos++; // "]"
    return negate ? chars.negate() : chars;
  }

  private classChar(): number {
    const c = this.next();
    return c === chr("\\") ? this.escapedChar() : c;
  }

  /** `[:name:]` or `[:^name:]` at the cursor, or null (cursor unmoved) when it is not one. */
  private posixClass(flags: Flags): CharSet | null {
    const rest = String.fromCodePoint(...this.text.slice(this.pos, this.pos + 12));
    const match = /^\[:(\^?)([a-z]+):\]/.exec(rest);
    if (match === null) return null;
    const chars = POSIX[match[2]!];
    if (chars === undefined) throw new UnsupportedRegex(`unknown POSIX class ${match[2]}`);
    this.pos += match[0].length;
    return this.group(chars, match[1] === "^", flags);
  }
}

/** Whether an assertion (`^`, `$`, `\b`, `\B`, `\A`, `\z`) occurs anywhere under `node`. */
function hasAssertion(node: { alternatives: readonly Concat[] }): boolean {
  return node.alternatives.some((alternative) =>
    alternative.elements.some((element) => element.type === "Assertion" || (element.type !== "CharacterClass" && element.type !== "Unknown" && hasAssertion(element))),
  );
}

/**
 * The language of `pattern` under a full match, as a refa expression free of assertions.
 * Throws UnsupportedRegex when the pattern cannot be translated exactly. `checkTime` is
 * called between the passes of refa's simplifier (and on each of its rewrites), which is
 * only needed to resolve assertions and can take long on deeply nested repeats: it throws
 * to stop it.
 */
export function re2Expression(pattern: string, checkTime: () => void = () => {}): NoParent<Expression> {
  const alternatives = new Parser(Array.from(pattern, (ch) => ch.codePointAt(0)!)).parse();
  // Without assertions the pattern already means what a full match means.
  if (!alternatives.some((a) => hasAssertion({ alternatives: [a] }))) return { type: "Expression", alternatives };
  // A full match sees nothing before the first character or after the last: spelling that
  // out lets refa resolve ^, $, \b and \B against the edges and remove them.
  const anchored: NoParent<Expression> = {
    type: "Expression",
    alternatives: [concat([textStart(), { type: "Alternation", alternatives }, textEnd()])],
  };
  const events = { onPassStart: checkTime, onChange: checkTime };
  const simplified = transform(Transformers.simplify({ ignoreAmbiguity: true, ignoreOrder: true }), anchored, { events });
  // What refa could not resolve must be our own text anchors; at the edges of a full match
  // they always hold and are removed. Anything left after that cannot be expressed.
  if (!onlyTextAnchors(simplified)) throw new UnsupportedRegex("an assertion that depends on the text around it");
  const stripped = transform(Transformers.patternEdgeAssertions({ remove: true }), simplified, { events });
  if (!onlyTextAnchors(stripped, true)) throw new UnsupportedRegex("an anchor in the middle of the pattern");
  return stripped;
}

function isTextAnchor(element: Elem): boolean {
  if (element.type !== "Assertion" || !element.negate) return false;
  const [only, ...rest] = element.alternatives;
  const [chars, ...more] = only?.elements ?? [];
  return rest.length === 0 && more.length === 0 && chars?.type === "CharacterClass" && chars.characters.isAll;
}

function onlyTextAnchors(node: { alternatives: readonly Concat[] }, none = false): boolean {
  return node.alternatives.every((alternative) =>
    alternative.elements.every((element) => {
      if (element.type === "Assertion") return !none && isTextAnchor(element);
      if (element.type === "CharacterClass") return true;
      if (element.type === "Unknown") return false;
      return onlyTextAnchors(element, none);
    }),
  );
}

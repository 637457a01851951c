/**
 * `range` as languages of texts. The engine accepts a text when it is a JSON number literal
 * and Number(text), a double, lies within [min, max]. The set of such texts is not regular
 * (`0.00…01e+n` needs counting) and rounding blurs its edges, so the analysis brackets it:
 *
 * - under: literals without exponent whose exact decimal value lies between the shortest
 *   round-trip decimals of min and max. Every such text is accepted (rounding is monotone
 *   and those decimals round back to min and max).
 * - over: every literal with an exponent, plus literals without exponent within the bounds
 *   widened by more than one unit in the last place. Every accepted text is in it.
 *
 * A witness found under `under` is certain; an empty `over` proves there is none.
 */
import { CharSet, type DFA } from "refa";
import { charClass, dfaOf, empty, expression, group, intersect, literal, repeat, seq, union, type Concat, type Deadline, type Elem } from "./automata";
import { MAX_CHAR } from "./re2-syntax";

/** The texts `range` accepts before the interval check (same as the engine's test). */
export const NUMBER_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A finite decimal: `int` without leading zeros ("0" for zero), `frac` without trailing zeros. */
export interface Decimal {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

const ZERO: Decimal = { negative: false, int: "0", frac: "" };

function normalise(negative: boolean, int: string, frac: string): Decimal {
  const i = int.replace(/^0+/, "") || "0";
  const f = frac.replace(/0+$/, "");
  return i === "0" && f === "" ? ZERO : { negative, int: i, frac: f };
}

/** The shortest decimal that reads back as `x` (JavaScript's own rendering, exponent expanded). */
export function decimalOf(x: number): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (match === null) throw new RangeError(`not a finite number: ${x}`);
  const [, sign, int, frac = "", exponent = "0"] = match;
  const digits = int! + frac;
  let point = int!.length + Number(exponent);
  let padded = digits;
  if (point < 0) {
    padded = "0".repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) padded = digits + "0".repeat(point - digits.length);
  return normalise(sign === "-", padded.slice(0, point), padded.slice(point));
}

export function decimalText(d: Decimal): string {
  return `${d.negative ? "-" : ""}${d.int}${d.frac ? `.${d.frac}` : ""}`;
}

function scaled(d: Decimal, scale: number): bigint {
  const magnitude = BigInt(d.int + d.frac.padEnd(scale, "0"));
  return d.negative ? -magnitude : magnitude;
}

function unscaled(n: bigint, scale: number): Decimal {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, "0");
  return normalise(negative, digits.slice(0, digits.length - scale), digits.slice(digits.length - scale));
}

/**
 * Bounds outside which no text can round into [min, max]: one unit in the last place of a
 * double below 10^k is under 2.3e-16 × 10^k, so 10^(k-15) is more than enough.
 */
export function widened(min: number, max: number): [Decimal, Decimal] {
  const widen = (x: number, direction: 1n | -1n): Decimal => {
    const d = decimalOf(x);
    const k = d.int === "0" ? 0 : d.int.length;
    const scale = Math.max(d.frac.length, 15 - k, 0);
    const delta = 10n ** BigInt(scale + k - 15);
    return unscaled(scaled(d, scale) + direction * delta, scale);
  };
  return [widen(min, -1n), widen(max, 1n)];
}

const digits = (lo: number, hi: number): Elem => charClass(CharSet.fromRange(MAX_CHAR, { min: 48 + lo, max: 48 + hi }));
const DIGIT = (): Elem => digits(0, 9);
const someDigits = (n: number): Elem => repeat(DIGIT(), n, n);
const anyDigits = (): Elem => repeat(DIGIT(), 0, Infinity);
const optional = (alternatives: Concat[]): Elem => repeat(group(alternatives), 0, 1);

/** 0|[1-9]\d* */
const integerPart = (): Elem => group([seq(literal("0")), seq(digits(1, 9), anyDigits())]);
/** (\.\d+)? */
const optionalFraction = (): Elem => optional([seq(literal("."), repeat(DIGIT(), 1, Infinity))]);

/** Integer parts (no leading zeros) greater than `int`. */
function integersAbove(int: string): Concat[] {
  const n = int.length;
  const out = [seq(digits(1, 9), repeat(DIGIT(), n, Infinity))];
  for (let k = 0; k < n; k++) {
    const d = Number(int[k]);
    if (d < 9) out.push(seq(literal(int.slice(0, k)), digits(d + 1, 9), someDigits(n - k - 1)));
  }
  return out;
}

/** Integer parts (no leading zeros) below `int`. */
function integersBelow(int: string): Concat[] {
  if (int === "0") return [];
  const n = int.length;
  const out = [seq(literal("0"))];
  if (n >= 2) out.push(seq(digits(1, 9), repeat(DIGIT(), 0, n - 2)));
  for (let k = 0; k < n; k++) {
    const lowest = k === 0 ? 1 : 0;
    const d = Number(int[k]);
    if (d - 1 >= lowest) out.push(seq(literal(int.slice(0, k)), digits(lowest, d - 1), someDigits(n - k - 1)));
  }
  return out;
}

/** Fraction digits (at least one) worth more than 0.`frac`. */
function fractionsAbove(frac: string): Concat[] {
  const out: Concat[] = [];
  for (let k = 0; k < frac.length; k++) {
    const d = Number(frac[k]);
    if (d < 9) out.push(seq(literal(frac.slice(0, k)), digits(d + 1, 9), anyDigits()));
  }
  out.push(seq(literal(frac), anyDigits(), digits(1, 9), anyDigits()));
  return out;
}

/** Fraction digits (at least one) worth less than 0.`frac` (`frac` not empty). */
function fractionsBelow(frac: string): Concat[] {
  const out: Concat[] = [];
  for (let k = 0; k < frac.length; k++) {
    const d = Number(frac[k]);
    if (d > 0) out.push(seq(literal(frac.slice(0, k)), digits(0, d - 1), anyDigits()));
  }
  for (let k = 1; k < frac.length; k++) out.push(seq(literal(frac.slice(0, k))));
  return out;
}

/** Unsigned literals equal to |d|. */
function unsignedEqual(d: Decimal): Concat {
  return d.frac
    ? seq(literal(d.int), literal("."), literal(d.frac), repeat(literal("0")[0]!, 0, Infinity))
    : seq(literal(d.int), optional([seq(literal("."), repeat(literal("0")[0]!, 1, Infinity))]));
}

function unsignedAbove(d: Decimal): Concat[] {
  return [seq(group(integersAbove(d.int)), optionalFraction()), seq(literal(d.int), literal("."), group(fractionsAbove(d.frac)))];
}

function unsignedBelow(d: Decimal): Concat[] {
  const out = [seq(group(integersBelow(d.int)), optionalFraction())];
  if (d.frac) out.push(seq(literal(d.int), optional([seq(literal("."), group(fractionsBelow(d.frac)))])));
  return out;
}

const unsignedAny = (): Concat => seq(integerPart(), optionalFraction());
const negated = (alternatives: Concat[]): Concat => seq(literal("-"), group(alternatives));
const magnitude = (d: Decimal): Decimal => ({ ...d, negative: false });

/** Literals without exponent whose exact value is ≥ d. */
function atLeast(d: Decimal): Concat[] {
  if (d.negative) return [unsignedAny(), negated([...unsignedBelow(magnitude(d)), unsignedEqual(magnitude(d))])];
  const out = [...unsignedAbove(d), unsignedEqual(d)];
  if (d === ZERO) out.push(negated([unsignedEqual(ZERO)]));
  return out;
}

/** Literals without exponent whose exact value is ≤ d. */
function atMost(d: Decimal): Concat[] {
  if (d.negative) return [negated([...unsignedAbove(magnitude(d)), unsignedEqual(magnitude(d))])];
  return [...unsignedBelow(d), unsignedEqual(d), negated([unsignedAny()])];
}

/** Every JSON number literal, with or without exponent. */
export function numberLiterals(): Concat[] {
  const e = charClass(CharSet.fromCharacters(MAX_CHAR, [0x45, 0x65]));
  const sign = charClass(CharSet.fromCharacters(MAX_CHAR, [0x2b, 0x2d]));
  const exponent = optional([seq(e, repeat(sign, 0, 1), repeat(DIGIT(), 1, Infinity))]);
  return [seq(optional([seq(literal("-"))]), integerPart(), optionalFraction(), exponent)];
}

/** Literals with an exponent: -?(0|[1-9]\d*)(\.\d+)?[eE][+-]?\d+ */
function exponentLiterals(): Concat[] {
  const e = charClass(CharSet.fromCharacters(MAX_CHAR, [0x45, 0x65]));
  const sign = charClass(CharSet.fromCharacters(MAX_CHAR, [0x2b, 0x2d]));
  return [seq(optional([seq(literal("-"))]), integerPart(), optionalFraction(), e, repeat(sign, 0, 1), repeat(DIGIT(), 1, Infinity))];
}

/** A closed interval of doubles, min ≤ max (−0 is written 0: `range` compares them equal). */
export type Interval = readonly [number, number];

const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);

/** The next double after x towards +∞ (direction 1) or −∞ (direction -1). */
function nextDouble(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * Number.MIN_VALUE;
  float[0] = x;
  bits[0] = bits[0]! + BigInt((x > 0) === (direction > 0) ? 1 : -1);
  return float[0] === 0 ? 0 : float[0]!;
}

/** `set` without the doubles of `cut`: range conditions that must not hold carve holes. */
export function subtractInterval(set: readonly Interval[], [a, b]: Interval): Interval[] {
  const out: Interval[] = [];
  for (const [x, y] of set) {
    if (y < a || x > b) {
      out.push([x, y]);
      continue;
    }
    if (x < a) out.push([x, nextDouble(a, -1)]);
    if (y > b) out.push([nextDouble(b, 1), y]);
  }
  return out;
}

export const ALL_NUMBERS: Interval = [-Number.MAX_VALUE, Number.MAX_VALUE];

/** A few texts inside [min, max] worth trying first: the bounds, small integers, a midpoint. */
export function rangeSamples(min: number, max: number): string[] {
  const out = new Set<string>();
  const add = (x: number): void => {
    if (Number.isFinite(x) && x >= min && x <= max) out.add(decimalText(decimalOf(x)));
  };
  add(min);
  add(max);
  add(0);
  const start = Math.ceil(min);
  for (let i = 0; i < 12; i++) add(start + i);
  for (let i = 0; i < 3; i++) add(Math.floor(max) - i);
  add((min + max) / 2);
  add(Math.round((min + max) / 2));
  return [...out];
}

/** Fraction digits kept in the brackets' bounds: deeper digits only move the edges. */
const FRACTION_DIGITS = 20;
/** Beyond ±10^30 the brackets stop counting digits: under shrinks to it, over drops the bound. */
const FAR = decimalOf(1e30);

function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.frac.length, b.frac.length);
  const x = scaled(a, scale);
  const y = scaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `d` rounded to FRACTION_DIGITS, towards +∞ (up) or −∞. */
function round(d: Decimal, up: boolean): Decimal {
  if (d.frac.length <= FRACTION_DIGITS) return d;
  const n = scaled(d, d.frac.length);
  const unit = 10n ** BigInt(d.frac.length - FRACTION_DIGITS);
  let q = n / unit; // truncates towards zero
  if (q * unit !== n && (n > 0n) === up) q += up ? 1n : -1n;
  return unscaled(q, FRACTION_DIGITS);
}

const negate = (d: Decimal): Decimal => (d === ZERO ? d : { ...d, negative: !d.negative });

/** The bounds of a bracket; null for no bound on that side; null overall when empty. */
function bracket(min: number, max: number, kind: "under" | "over"): { lo: Decimal | null; hi: Decimal | null } | null {
  if (kind === "under") {
    let lo = round(decimalOf(min), true);
    let hi = round(decimalOf(max), false);
    if (compare(lo, negate(FAR)) < 0) lo = negate(FAR);
    if (compare(hi, FAR) > 0) hi = FAR;
    return compare(lo, hi) <= 0 ? { lo, hi } : null;
  }
  const [wideLo, wideHi] = widened(min, max);
  const lo = round(wideLo, false);
  const hi = round(wideHi, true);
  return { lo: compare(lo, negate(FAR)) < 0 ? null : lo, hi: compare(hi, FAR) > 0 ? null : hi };
}

const rangeLanguages = new Map<string, DFA>();

/** The under- or over-approximation (see above) of the texts `range [min, max]` accepts. */
export function rangeLanguage(min: number, max: number, kind: "under" | "over", deadline: Deadline): DFA {
  const key = `${kind}:${min}:${max}`;
  let dfa = rangeLanguages.get(key);
  if (dfa === undefined) {
    const bounds = bracket(min, max, kind);
    const plain = [seq(optional([seq(literal("-"))]), group([unsignedAny()]))];
    const lo = bounds?.lo ? atLeast(bounds.lo) : plain;
    const hi = bounds?.hi ? atMost(bounds.hi) : plain;
    dfa = bounds === null ? empty() : intersect(dfaOf(expression(lo), deadline), dfaOf(expression(hi), deadline), deadline);
    if (kind === "over") dfa = union(dfa, dfaOf(expression(exponentLiterals()), deadline), deadline);
    if (rangeLanguages.size > 1000) rangeLanguages.clear();
    rangeLanguages.set(key, dfa);
  }
  return dfa;
}

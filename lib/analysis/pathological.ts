/**
 * Generators of hostile router documents for the analysis' time bounds (its property test
 * and `npm run bench -- analysis`): regexes with long literals, nested and counted repeats
 * and wide alternations, `in` lists and prefixes with long values, and the patterns users
 * reported — every one within the document schema's caps, since that is what can be stored.
 */
import fc from "fast-check";
import { MAX_PATTERN_LENGTH, MAX_REPEAT_COUNT, MAX_TEXT_VALUE_LENGTH, routerDocumentSchema, type Condition, type RouterDocument } from "../router/document";

/** Patterns that once made the analysis exponential (27 s for the 15-character literal, 14 GB for the `<img>` one). */
export const REPORTED_PATTERNS = [
  ".*abcdefghijklmno.*",
  ".*abcdefghijklmnopqrstuvwxyz0123.*",
  ".*<img src=x onerror=alert\\(1\\)>.*",
  "(a|b)*a(a|b){14}",
  "((a|b)*c(a|b)*){12}",
  "(.*a){20}",
];

const LITERAL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789<>=/ -_";
const escape = (text: string): string => text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");

const literal = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...LITERAL_CHARS), minLength: min, maxLength: max });

const count = fc.integer({ min: 0, max: 12 });

/** A regex built from literals, classes, alternations and (nested, counted) repeats. */
const regexTerm: fc.Arbitrary<string> = fc.letrec<{ term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literal(1, 40).map(escape),
    fc.constantFrom(".", ".*", "[a-z]", "[^x]", "\\d", "\\w+", "[0-9a-f]", "(?i)abc"),
    fc.tuple(tie("term"), tie("term")).map(([a, b]) => a + b),
    fc.array(tie("term"), { minLength: 2, maxLength: 6 }).map((alternatives) => `(${alternatives.join("|")})`),
    fc.tuple(tie("term"), fc.constantFrom("*", "+", "?")).map(([t, q]) => `(${t})${q}`),
    fc.tuple(tie("term"), count, count).map(([t, a, b]) => `(${t}){${Math.min(a, b)},${Math.max(a, b)}}`),
    fc.tuple(tie("term"), fc.constantFrom("*", "+")).map(([t, q]) => `((${t})${q})*`),
  ),
})).term;

/** What a rule may hold on a field: long literals inside `.*….*`, generated regexes, long values. */
const hostileCondition = (key: string): fc.Arbitrary<Condition> =>
  fc.oneof(
    literal(10, 40).map((l): Condition => ({ source: "header", key, operator: "regex", values: [`.*${escape(l)}.*`] })),
    fc.array(regexTerm, { minLength: 1, maxLength: 3 }).map((patterns): Condition => ({ source: "header", key, operator: "regex", values: [...new Set(patterns)] })),
    fc.constantFrom(...REPORTED_PATTERNS).map((p): Condition => ({ source: "header", key, operator: "regex", values: [p] })),
    fc
      .tuple(
        fc.constantFrom("in", "prefix", "suffix", "contains") as fc.Arbitrary<"in" | "prefix" | "suffix" | "contains">,
        fc.uniqueArray(fc.oneof(literal(1, 12), literal(MAX_TEXT_VALUE_LENGTH - 60, MAX_TEXT_VALUE_LENGTH)), { minLength: 1, maxLength: 40 }),
      )
      .map(([operator, values]): Condition => ({ source: "header", key, operator, values })),
    fc.constant<Condition>({ source: "header", key, operator: "present", values: [] }),
  );

/** 2–6 rules on one or two headers, so that their conditions meet. */
export const hostileDocument: fc.Arbitrary<RouterDocument> = fc
  .array(fc.array(fc.constantFrom("x", "y").chain(hostileCondition), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 6 })
  .map((rules) => hostileRouter(rules))
  .filter((doc): doc is RouterDocument => doc !== null);

/** The router document around `rules` (null when a generated pattern is over the caps). */
export function hostileRouter(rules: Condition[][]): RouterDocument | null {
  const parsed = routerDocumentSchema.safeParse({
    name: "hostile",
    routes: [{ name: "stable", url: "http://127.0.0.1:9001" }],
    rules: rules.map((conditions, i) => ({ name: `r${i}`, conditions, strategy: "random", split: [{ route: "stable", weight: 100 }] })),
    defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }] },
  });
  return parsed.success ? parsed.data : null;
}

/** Deterministic samples of the generator (for the benchmark: the same patterns every run). */
export function hostileSamples(count: number, seed = 42): RouterDocument[] {
  return fc.sample(hostileDocument, { numRuns: count, seed });
}

export { MAX_PATTERN_LENGTH, MAX_REPEAT_COUNT };

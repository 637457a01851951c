import fc from "fast-check";
import { RE2JS } from "re2js";
import { Words } from "refa";
import { describe, expect, it } from "vitest";
import { dfaOf } from "./automata";
import { re2Expression, UnsupportedRegex } from "./re2-syntax";

const deadline = { at: Infinity };
const accepts = (pattern: string) => {
  const dfa = dfaOf(re2Expression(pattern), deadline);
  return (text: string) => dfa.test(Words.fromStringToUnicode(text));
};

// Characters where RE2 and JavaScript regexes disagree, plus plain ones.
const ALPHABET = ["a", "b", "k", "K", "\u212a", "s", "\u017f", "1", "0", "-", "_", ".", " ", "\n", "\r", "\v", "\t", "é", "α", "{", ",", "}", "2", "A", "😀", "\u00a0"];

const PATTERNS = [
  "a", "a|b", "^a$", "a^b", "(?i)k", "(?i)s", "[^a]", "\\d+", "\\s", "\\S+", ".", "(?s).", ".*", "\\bab\\b", "a\\b", "a\\Bb", "(?m)^a$", "(?m)a$\\n^b",
  "x{2,3}", "a{2}", "a{1,}", "[[:alpha:]]+", "[[:^alpha:]]", "\\pL", "\\PL", "\\p{Greek}", "\\p{^Greek}", "\\Qa.b\\E", "\\Qa.b", "(?i:a)b", "a{,2}",
  "[a-]", "[]a]", "[^]a]", "\\x{41}", "\\x41", "\\101", "\\0", "(?P<n>ab)*", "(?<n>a)", "[\\d-z]", "(?i)[^k]", "(?U)a+?", "\\.", "(a|)+", "a*?b", "[^\\n]",
  "\\W", "(?i)\\W", "(?i)[k-k]", "\\Aab\\z", "(?s:.)a", "(?i)a(?-i)a", "(a)(?i)b|c", "{", "a{,", "[a-c]{1,2}", "\\pN+", "[\\pL\\d]", "\\v", "[\\s\\S]",
  "(?:^|,)a", "a(?:$|,)", "(?m)(?:^|,)a", "😀.", "[😀-😂]", "(?:^a)*", "(?:a$)*", "(?:a|$)", "(?:\\ba)+", "(?m)(?:^a\\n)*",
];

describe("RE2 patterns as automata", () => {
  it.each(PATTERNS)("%j accepts exactly what re2js fully matches", (pattern) => {
    const regex = RE2JS.compile(pattern);
    const dfa = accepts(pattern);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 5 }), (chars) => {
        const text = chars.join("");
        expect(dfa(text), JSON.stringify(text)).toBe(regex.testExact(text));
      }),
      { numRuns: 400 },
    );
  });

  it("checks the samples of each pattern with re2js too", () => {
    for (const pattern of PATTERNS) {
      const dfa = dfaOf(re2Expression(pattern), deadline);
      for (const wordSet of dfa.wordSets()) {
        const text = Words.fromUnicodeToString(Words.pickMostReadableWord(wordSet));
        expect(RE2JS.compile(pattern).testExact(text), `${pattern} ${JSON.stringify(text)}`).toBe(true);
        break;
      }
    }
  });

  it("refuses what it cannot express exactly", () => {
    expect(() => re2Expression("\\p{NoSuchScript}")).toThrow(UnsupportedRegex);
  });
});

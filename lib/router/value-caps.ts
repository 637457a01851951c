/**
 * Caps on what a condition may hold, so that every stored rule can be analysed (and
 * matched) within bounds. They are part of the document schema: the API, the console and
 * the CLI refuse the same values with the same messages.
 */

/** Characters of one `in`, `prefix`, `suffix` or `contains` value. */
export const MAX_TEXT_VALUE_LENGTH = 256;
/** Characters of one regex pattern. */
export const MAX_PATTERN_LENGTH = 512;
/** The largest count of a counted repetition (`a{100}`, `a{2,100}`). */
export const MAX_REPEAT_COUNT = 100;
/** Counted repetitions inside each other multiply (`(a{20}){50}` is 1000 copies of `a`): their product. */
export const MAX_NESTED_REPEAT = 1000;

const length = (text: string): number => Array.from(text).length;

export function textValueProblem(value: string): string | null {
  const n = length(value);
  return n > MAX_TEXT_VALUE_LENGTH ? `must be at most ${MAX_TEXT_VALUE_LENGTH} characters (this one has ${n})` : null;
}

/** Skips a character class starting at `[` (pattern[i]); the index after its `]`. */
function skipClass(pattern: string, i: number): number {
  let j = i + 1;
  if (pattern[j] === "^") j++;
  if (pattern[j] === "]") j++;
  while (j < pattern.length) {
    const c = pattern[j];
    if (c === "\\") j += 2;
    else if (c === "[" && pattern[j + 1] === ":") {
      const end = pattern.indexOf(":]", j + 2);
      j = end < 0 ? j + 1 : end + 2;
    } else if (c === "]") return j + 1;
    else j++;
  }
  return pattern.length;
}

const COUNTED = /^\{(\d+)(,(\d*))?\}/;

/**
 * Why a pattern is over the caps (length, a repetition count, nested counts), or null.
 * Reads the RE2 syntax just enough to find counted repetitions outside classes, escapes
 * and `\Q…\E`; whether the pattern is valid RE2 is the analysis' business (`invalid_regex`).
 */
export function patternProblem(pattern: string): string | null {
  const n = length(pattern);
  if (n > MAX_PATTERN_LENGTH) return `a regex must be at most ${MAX_PATTERN_LENGTH} characters (this one has ${n})`;
  // groups[k]: the largest number of copies any atom of the open group k stands for.
  const groups: number[] = [1];
  let last = 1;
  const atom = (copies: number): void => {
    last = copies;
    groups[groups.length - 1] = Math.max(groups[groups.length - 1]!, copies);
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === "Q") {
        const end = pattern.indexOf("\\E", i + 2);
        i = end < 0 ? pattern.length : end + 2;
      } else if ((next === "p" || next === "P" || next === "x") && pattern[i + 2] === "{") {
        const end = pattern.indexOf("}", i + 3);
        i = end < 0 ? pattern.length : end + 1;
      } else i += 2;
      atom(1);
    } else if (c === "[") {
      i = skipClass(pattern, i);
      atom(1);
    } else if (c === "(") {
      groups.push(1);
      i++;
    } else if (c === ")") {
      const inner = groups.length > 1 ? groups.pop()! : 1;
      i++;
      atom(inner);
    } else if (c === "{" && COUNTED.test(pattern.slice(i, i + 64))) {
      const match = COUNTED.exec(pattern.slice(i, i + 64))!;
      const count = match[3] ? Number(match[3]) : Number(match[1]);
      const largest = Math.max(Number(match[1]), count);
      if (largest > MAX_REPEAT_COUNT) return `a repetition count may be at most ${MAX_REPEAT_COUNT} (this pattern repeats ${largest} times)`;
      const copies = last * Math.max(count, 1);
      if (copies > MAX_NESTED_REPEAT) return `nested repetitions may multiply to at most ${MAX_NESTED_REPEAT} copies (this pattern makes ${copies})`;
      atom(copies);
      i += match[0].length;
    } else {
      if (c !== "*" && c !== "+" && c !== "?" && c !== "|") atom(1);
      i++;
    }
  }
  return null;
}

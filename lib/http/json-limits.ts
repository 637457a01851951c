/**
 * What every JSON body is held to before a schema or domain code sees it: UTF-8 text,
 * nesting at most MAX_JSON_DEPTH levels deep, and strings PostgreSQL can store (no NUL, no
 * unpaired UTF-16 surrogate). Nothing here recurses, so no input can overflow the stack,
 * and nothing here imports Next or Prisma: the console checks pasted JSON with it too.
 */

export type JsonFieldError = { path: string; message: string };

/**
 * Objects and arrays nest at most this deep in a body (the body itself is level 1). A
 * router document needs 6 levels; a simulated request's payload sits at level 3 (4 in a
 * batch), which leaves it 60 levels. Deeper JSON is refused before anything walks it.
 */
export const MAX_JSON_DEPTH = 64;

/** At most this many string problems are listed in one answer. */
const MAX_ERRORS = 20;

/** Field path segments longer than this are cut in messages (a key can be a megabyte long). */
const MAX_SEGMENT = 64;

const decoder = new TextDecoder("utf-8", { fatal: true });

/** The text of UTF-8 bytes (a leading BOM is dropped), or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** A path segment as readable text: cut when long, NUL and lone surrogates written as escapes. */
function segmentText(segment: string): string {
  const cut = segment.length > MAX_SEGMENT ? `${segment.slice(0, MAX_SEGMENT)}…` : segment;
  return cut.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, hex);
}

const pathText = (segments: readonly string[]) => segments.map(segmentText).join(".") || "(root)";

/** Why PostgreSQL could not store `s` (as text or inside JSONB), or null when it can. */
export function unstorableText(s: string): string | null {
  if (s.includes("\u0000")) return "must not contain NUL (\\u0000) characters";
  const lone = LONE_SURROGATE.exec(s);
  if (lone) return `must be valid Unicode text: it contains an unpaired UTF-16 surrogate (${hex(lone[0])} at character ${lone.index})`;
  return null;
}

export const depthMessage = (max: number) => `nests objects and arrays more than ${max} levels deep`;

type Frame = { array: boolean; index: number; keyStart: number; keyEnd: number };

/**
 * Where JSON text first nests deeper than `max` levels, as the field path of the value that
 * goes too deep (`request.body.a.0`), or null. One pass over the text with an explicit
 * stack and no parsing, so a body of a million brackets costs a scan of its first few
 * hundred characters. Syntax errors are left to JSON.parse.
 */
export function depthExceededIn(text: string, max = MAX_JSON_DEPTH): string | null {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      for (i = start; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.array) {
        top.keyStart = start;
        top.keyEnd = i;
        expectKey = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= max) return pathText(stack.map((f) => (f.array ? String(f.index) : keyText(text, f))));
      stack.push({ array: c === 0x5b, index: 0, keyStart: 0, keyEnd: 0 });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) expectKey = true;
    }
  }
  return null;
}

/** The key a frame is at, unescaped (decoded only when a path is reported). */
function keyText(text: string, f: Frame): string {
  const raw = text.slice(f.keyStart, Math.min(f.keyEnd, f.keyStart + 4 * MAX_SEGMENT));
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

type Node = { value: unknown; depth: number; parent: Node | null; segment: string };

function pathOf(node: Node): string[] {
  const out: string[] = [];
  for (let n: Node | null = node; n && n.parent; n = n.parent) out.push(n.segment);
  return out.reverse();
}

/**
 * Problems of a parsed JSON value that no schema should ever see: nesting deeper than
 * `maxDepth` (reported once, at the value that goes too deep; nothing below it is walked),
 * and keys or strings with NUL or an unpaired surrogate, by field path in document order.
 * Iterative, and visits each value once.
 */
export function jsonValueProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): { tooDeep: JsonFieldError | null; strings: JsonFieldError[] } {
  const strings: JsonFieldError[] = [];
  let tooDeep: JsonFieldError | null = null;
  const stack: Node[] = [{ value, depth: 0, parent: null, segment: "" }];
  while (stack.length > 0 && strings.length < MAX_ERRORS) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === "string") {
      const why = unstorableText(v);
      if (why) strings.push({ path: pathText(pathOf(node)), message: why });
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    const depth = node.depth + 1;
    if (depth > maxDepth) {
      tooDeep ??= { path: pathText(pathOf(node)), message: depthMessage(maxDepth) };
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: node, segment: String(i) });
    } else {
      const entries = Object.entries(v);
      for (const [k] of entries) {
        const why = unstorableText(k);
        if (why && strings.length < MAX_ERRORS) strings.push({ path: pathText([...pathOf(node), k]), message: `field name ${why}` });
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], depth, parent: node, segment: entries[i]![0] });
    }
  }
  return { tooDeep, strings };
}

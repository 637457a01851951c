/**
 * The path forwarded to a route: the rest of the gateway path after `/{project}/{router}`,
 * normalised so that no backend can read it as leaving the route's base path.
 *
 * Backends disagree on what a path means: nginx merges `//` and resolves dot segments,
 * WHATWG URL parsers (Node's `new URL`, browsers) also read `\` as `/` and `%2e` as `.`,
 * some frameworks decode `%2F` before routing. So the gateway forwards a path on which they
 * all agree, and refuses one it cannot make so:
 *
 * - `\` is read as `/`, as WHATWG parsers read it in http URLs;
 * - empty segments are merged (`//host` → `/host`), as nginx's `merge_slashes` does — before
 *   dot segments are resolved, which is the reading where `..` climbs furthest;
 * - dot segments are removed (RFC 3986 §5.2.4), a segment of `.` or `..` spelt with `%2e`
 *   (any case) counting as one, as WHATWG parsers count it;
 * - a `..` that would climb above the start of the rest — out of the route's base path — is
 *   refused;
 * - so is a segment hiding a dot segment behind an encoded separator (`..%2Fadmin`,
 *   `%2e%2e%5C`): a backend that decodes `%2F` or `%5C` would climb, one that does not would
 *   not, and the gateway cannot know which it is talking to. An encoded slash elsewhere
 *   (`models/org%2Fname`) is forwarded unchanged.
 *
 * Nothing else is decoded: other escapes (`%2F` included) reach the backend as sent.
 * Doubly encoded dots (`%252e`) stay text, as every backend that decodes once reads them.
 */

export type PathRefusal = { readonly code: "path_escapes_route" | "ambiguous_path"; readonly reason: string };

const ESCAPES: PathRefusal = { code: "path_escapes_route", reason: "its dot segments climb above the route's base path" };
const AMBIGUOUS: PathRefusal = {
  code: "ambiguous_path",
  reason: "a segment hides a dot segment behind an encoded slash or backslash (%2F, %5C), which backends read differently",
};

/** What normalisation could change: a backslash, an escape, an empty segment or one starting with a dot. */
const NEEDS_WORK = /[\\%]|\/[/.]/;

/**
 * `rest` normalised (starting with "/", or "" when empty), or why it is refused. A path
 * with nothing to normalise — the usual case — is returned as it is, after one scan.
 */
export function normalizeRestPath(rest: string): string | PathRefusal {
  return NEEDS_WORK.test(rest) ? normalizeSlow(rest) : rest;
}

function normalizeSlow(rest: string): string | PathRefusal {
  const parts = (rest.includes("\\") ? rest.replaceAll("\\", "/") : rest).split("/");
  const out: string[] = [];
  // Whether the result ends with "/": the last segment is empty or a dot segment.
  let trailing = false;
  // parts[0] is the empty text before the leading "/".
  for (let i = 1; i < parts.length; i++) {
    const segment = parts[i]!;
    trailing = true;
    if (segment.length === 0) continue;
    const dots = dotSegment(segment);
    if (dots === 1) continue;
    if (dots === 2) {
      if (out.length === 0) return ESCAPES;
      out.pop();
      continue;
    }
    if (hidesDotSegment(segment)) return AMBIGUOUS;
    out.push(segment);
    trailing = false;
  }
  if (out.length === 0) return "/";
  const path = `/${out.join("/")}`;
  return trailing ? `${path}/` : path;
}

/** 1 for `.`, 2 for `..` (each dot possibly spelt `%2e`/`%2E`), else 0. */
export function dotSegment(segment: string): 0 | 1 | 2 {
  switch (segment.length) {
    case 1:
      return segment === "." ? 1 : 0;
    case 2:
      return segment === ".." ? 2 : 0;
    case 3: {
      const lower = segment.toLowerCase();
      return lower === "%2e" ? 1 : 0;
    }
    case 4: {
      const lower = segment.toLowerCase();
      return lower === ".%2e" || lower === "%2e." ? 2 : 0;
    }
    case 6:
      return segment.toLowerCase() === "%2e%2e" ? 2 : 0;
    default:
      return 0;
  }
}

const ENCODED_SEPARATOR = /%2f|%5c/i;

/** The segment, split at `%2F`/`%5C` as a decoding backend would split it, holds a dot segment. */
function hidesDotSegment(segment: string): boolean {
  if (!ENCODED_SEPARATOR.test(segment)) return false;
  return segment.split(/%2f|%5c/i).some((piece) => dotSegment(piece) !== 0);
}

/**
 * Payload key paths, as Turing writes them: `user.id`, `users.0.name`, `session.[0].id`.
 * A path is parsed once (at compile time) so that a request only walks the segments.
 */

export interface PathSegment {
  /** Property name looked up on an object (for `[n]` segments: null, objects never match). */
  readonly name: string | null;
  /** Array index, or -1 when the segment cannot index an array. */
  readonly index: number;
}

/** Returned by `resolvePath` when the path does not exist in the value. */
export const MISSING: unique symbol = Symbol("missing");

const INDEX = /^(?:0|[1-9]\d*)$/;
const BRACKETED = /^\[(0|[1-9]\d*)\]$/;

/**
 * Splits a key on `.`. A plain numeric segment (`0`) indexes an array and is an ordinary
 * property name on an object (JSON objects may have numeric keys); a bracketed one (`[0]`)
 * only indexes arrays. Anything else is a property name, taken literally.
 */
export function parsePath(key: string): PathSegment[] {
  return key.split(".").map((part): PathSegment => {
    const bracketed = BRACKETED.exec(part);
    if (bracketed) return { name: null, index: Number(bracketed[1]) };
    return { name: part, index: INDEX.test(part) && part.length < 16 ? Number(part) : -1 };
  });
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The value at `segments` inside `root`, or MISSING. Own properties only: `constructor` is not a key. */
export function resolvePath(segments: readonly PathSegment[], root: unknown): unknown {
  let value = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (value === null || typeof value !== "object") return MISSING;
    if (Array.isArray(value)) {
      if (segment.index < 0 || segment.index >= value.length) return MISSING;
      value = value[segment.index];
    } else {
      if (segment.name === null || !hasOwn.call(value, segment.name)) return MISSING;
      value = (value as Record<string, unknown>)[segment.name];
    }
    // A sparse array hole or an explicit `undefined` is not a JSON value: treat as absent.
    if (value === undefined) return MISSING;
  }
  return value;
}

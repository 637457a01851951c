/**
 * Fields as the engine reads them — header names in lower case, query keys as given,
 * payload keys parsed into path segments by the engine's own parser — interned so that
 * rules compare fields by a small integer.
 *
 * Different fields are independent, except payload paths that share structure: `a` and
 * `a.b` (a scalar `a` has no `b`), `a.[0]` and `a.x` (an array has no `x`), `a.0` and
 * `a.[0]` (the same element when `a` is an array), `a.[0]` and `a.[1]` (an array holding
 * element 1 holds element 0). Such fields are "entangled" and go through the payload tree
 * solver (region.ts); every other field is "plain" and is decided on its own.
 */
import { parsePath, type PathSegment } from "../engine/paths";
import type { ConditionSource } from "../router/document";

export interface FieldInfo {
  readonly id: number;
  readonly source: ConditionSource;
  /** Lower-cased header name, query key, or payload key. */
  readonly name: string;
  /** Payload only. */
  readonly segments: readonly PathSegment[];
}

const fields = new Map<string, FieldInfo>();
let nextId = 1;

export function fieldOf(source: ConditionSource, key: string): FieldInfo {
  const name = source === "header" ? key.toLowerCase() : key;
  const id = `${source}\u0000${name}`;
  let field = fields.get(id);
  if (field === undefined) {
    field = { id: nextId++, source, name, segments: source === "payload" ? parsePath(key) : [] };
    fields.set(id, field);
  }
  return field;
}

/** How a segment reaches into its parent: object key only, array index only, or either. */
type EdgeKind = "object" | "array" | "either";

function edgeKind(segment: PathSegment): EdgeKind {
  if (segment.name === null) return "array";
  return segment.index >= 0 ? "either" : "object";
}

export function edgeKey(segment: PathSegment): string {
  return segment.name === null ? `[${segment.index}]` : `.${segment.name}`;
}

interface TrieNode {
  terminal: boolean;
  readonly children: Map<string, TrieNode>;
  objects: number;
  arrays: number;
  eithers: number;
}

const node = (): TrieNode => ({ terminal: false, children: new Map(), objects: 0, arrays: 0, eithers: 0 });

/** Siblings that constrain each other: an array-only segment next to any other, or an object-only one next to an array-only one. */
function entangledEdge(parent: TrieNode, kind: EdgeKind): boolean {
  if (kind === "array") return parent.objects + parent.eithers + parent.arrays > 1;
  return parent.arrays > 0;
}

/** The ids of payload fields entangled with another field of the list. */
export function entangledFields(list: Iterable<FieldInfo>): Set<number> {
  const root = node();
  const payload: FieldInfo[] = [];
  for (const field of list) {
    if (field.source !== "payload") continue;
    payload.push(field);
    let at = root;
    for (const segment of field.segments) {
      const key = edgeKey(segment);
      let child = at.children.get(key);
      if (child === undefined) {
        child = node();
        at.children.set(key, child);
        const kind = edgeKind(segment);
        if (kind === "object") at.objects++;
        else if (kind === "array") at.arrays++;
        else at.eithers++;
      }
      at = child;
    }
    at.terminal = true;
  }
  const entangled = new Set<number>();
  for (const field of payload) {
    let at = root;
    const last = field.segments.length - 1;
    field.segments.forEach((segment, i) => {
      if (entangledEdge(at, edgeKind(segment))) entangled.add(field.id);
      at = at.children.get(edgeKey(segment))!;
      if (i < last && at.terminal) entangled.add(field.id);
    });
    if (at.children.size > 0) entangled.add(field.id);
  }
  return entangled;
}

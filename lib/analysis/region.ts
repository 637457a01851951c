/**
 * A region is a set of requests described field by field. `solveRegion` decides whether it
 * holds any request and builds one (the witness): headers and query parameters are
 * independent strings; payload fields are placed in one JSON body by walking the tree of
 * their paths, so that `a` vs `a.b`, `a.[0]` vs `a.x` or `a.0` vs `a.[0]` get the
 * structure the engine's path reader needs (object or array at each level).
 */
import type { RoutingRequest } from "../router/document";
import { AutomatonLimit, checkDeadline, type Deadline } from "./automata";
import { intersectConstraints, MISSING, STRUCTURED, TEXT, type FieldConstraint } from "./constraints";
import { edgeKey, type FieldInfo } from "./fields";
import { NUMBER_LITERAL } from "./numbers";
import { solveText } from "./text-set";

export interface FieldEntry {
  readonly field: FieldInfo;
  readonly constraint: FieldConstraint;
}

export type RegionVerdict =
  | { readonly kind: "sat"; readonly request: RoutingRequest }
  | { readonly kind: "unsat" }
  | { readonly kind: "unknown"; readonly reason: string };

/** A JSON value for the body, or ABSENT (the location does not exist). */
const ABSENT: unique symbol = Symbol("absent");
type Json = null | string | number | Json[] | { [key: string]: Json };
type Outcome = { ok: true; value: Json | typeof ABSENT } | { ok: false; unknown?: string };

/** Numbers go into the payload as JSON numbers when that is how they would be read back. */
function render(text: string, numeric: boolean): Json {
  if (numeric && NUMBER_LITERAL.test(text) && String(Number(text)) === text) return Number(text);
  return text;
}

/** A text, or MISSING when the constraint allows it; for a field that is not in the payload. */
function chooseFlat(c: FieldConstraint, deadline: Deadline): { ok: true; text: string | null } | { ok: false; unknown?: string } {
  if (c.kinds & MISSING) return { ok: true, text: null };
  if (!(c.kinds & TEXT)) return { ok: false };
  const verdict = solveText(c.text, deadline);
  if (verdict.kind === "sat") return { ok: true, text: verdict.text };
  return verdict.kind === "unknown" ? { ok: false, unknown: verdict.reason } : { ok: false };
}

interface Node {
  readonly id: number;
  constraint: FieldConstraint | null;
  readonly edges: Map<string, { readonly name: string | null; readonly index: number; readonly node: Node }>;
  /** Some field at or below this node cannot be missing. */
  requires: boolean;
}

let nextNode = 1;
const newNode = (): Node => ({ id: nextNode++, constraint: null, edges: new Map(), requires: false });

function markRequires(node: Node): boolean {
  let requires = node.constraint !== null && !(node.constraint.kinds & MISSING);
  for (const edge of node.edges.values()) if (markRequires(edge.node)) requires = true;
  node.requires = requires;
  return requires;
}

/**
 * Places the payload fields in one body. A location that may be an object or an array is
 * tried both ways, and so are the locations below it: each answer is remembered by the
 * set of nodes it was asked for, so that a deep path of such locations costs its length,
 * not two to the power of it; and the deadline is looked at on every location.
 */
class PayloadSolver {
  private readonly answers = new Map<string, Outcome>();

  constructor(private readonly deadline: Deadline) {}

  location(nodes: readonly Node[], mustExist: boolean): Outcome {
    const key = `${mustExist ? "!" : ""}${nodes.map((n) => n.id).join(",")}`;
    let outcome = this.answers.get(key);
    if (outcome === undefined) {
      checkDeadline(this.deadline);
      outcome = this.place(nodes, mustExist);
      this.answers.set(key, outcome);
    }
    return outcome;
  }

  /** The value of one location, reached by every node in `nodes` (aliases of one place). */
  private place(nodes: readonly Node[], mustExist: boolean): Outcome {
    let c: FieldConstraint | null = null;
    for (const n of nodes) if (n.constraint !== null) c = c === null ? n.constraint : intersectConstraints(c, n.constraint);
    const kinds = c === null ? MISSING | STRUCTURED | TEXT : c.kinds;
    const childrenRequire = nodes.some((n) => [...n.edges.values()].some((e) => e.node.requires));
    let unknown: string | undefined;
    if (!childrenRequire) {
      if (!mustExist && kinds & MISSING) return { ok: true, value: ABSENT };
      if (c === null) return { ok: true, value: null };
      if (kinds & TEXT) {
        const verdict = solveText(c.text, this.deadline);
        if (verdict.kind === "sat") return { ok: true, value: render(verdict.text, c.numeric) };
        if (verdict.kind === "unknown") unknown = verdict.reason;
      }
    }
    if (kinds & STRUCTURED) {
      for (const mode of this.modes(nodes)) {
        const outcome = mode === "object" ? this.object(nodes) : this.array(nodes);
        if (outcome.ok) return outcome;
        unknown ??= outcome.unknown;
      }
    }
    return { ok: false, unknown };
  }

  private modes(nodes: readonly Node[]): ("object" | "array")[] {
    let needsArray = false;
    let needsObject = false;
    for (const n of nodes) {
      for (const e of n.edges.values()) {
        if (!e.node.requires) continue;
        if (e.name === null) needsArray = true;
        else if (e.index < 0) needsObject = true;
      }
    }
    if (needsArray && needsObject) return [];
    if (needsArray) return ["array"];
    if (needsObject) return ["object"];
    return ["object", "array"];
  }

  private object(nodes: readonly Node[]): Outcome {
    const groups = new Map<string, Node[]>();
    for (const n of nodes) {
      for (const e of n.edges.values()) {
        if (e.name === null) continue; // `[n]` reads nothing from an object: its subtree stays missing
        const list = groups.get(e.name);
        if (list) list.push(e.node);
        else groups.set(e.name, [e.node]);
      }
    }
    const value: { [key: string]: Json } = {};
    for (const [name, group] of groups) {
      const outcome = this.location(group, false);
      if (!outcome.ok) return outcome;
      if (outcome.value !== ABSENT) value[name] = outcome.value;
    }
    return { ok: true, value };
  }

  private array(nodes: readonly Node[]): Outcome {
    const groups = new Map<number, Node[]>();
    for (const n of nodes) {
      for (const e of n.edges.values()) {
        if (e.index < 0) continue; // a property name reads nothing from an array
        const list = groups.get(e.index);
        if (list) list.push(e.node);
        else groups.set(e.index, [e.node]);
      }
    }
    const values = new Map<number, Json>();
    for (const [index, group] of groups) {
      const outcome = this.location(group, false);
      if (!outcome.ok) return outcome;
      if (outcome.value !== ABSENT) values.set(index, outcome.value);
    }
    // Arrays are dense: every index below the highest one used exists.
    const length = values.size === 0 ? 0 : Math.max(...values.keys()) + 1;
    for (const [index, group] of groups) {
      if (index >= length || values.has(index)) continue;
      const outcome = this.location(group, true);
      if (!outcome.ok || outcome.value === ABSENT) return outcome.ok ? { ok: false } : outcome;
      values.set(index, outcome.value);
    }
    const value: Json[] = [];
    for (let i = 0; i < length; i++) value.push(values.get(i) ?? null);
    return { ok: true, value };
  }
}

/** Whether some request satisfies every entry, and one such request. */
export function solveRegion(entries: readonly FieldEntry[], deadline: Deadline): RegionVerdict {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  let unknown: string | undefined;
  let unsat = false;
  const root = newNode();
  let hasPayload = false;
  for (const { field, constraint } of entries) {
    if (field.source === "payload") {
      hasPayload = true;
      let at = root;
      for (const segment of field.segments) {
        const key = edgeKey(segment);
        let edge = at.edges.get(key);
        if (edge === undefined) {
          edge = { name: segment.name, index: segment.index, node: newNode() };
          at.edges.set(key, edge);
        }
        at = edge.node;
      }
      at.constraint = at.constraint === null ? constraint : intersectConstraints(at.constraint, constraint);
      continue;
    }
    const choice = chooseFlat(constraint, deadline);
    if (!choice.ok) {
      if (choice.unknown === undefined) unsat = true;
      else unknown ??= choice.unknown;
      continue;
    }
    if (choice.text !== null) (field.source === "header" ? headers : query)[field.name] = choice.text;
  }
  if (unsat) return { kind: "unsat" };
  let body: Json | typeof ABSENT = ABSENT;
  if (hasPayload) {
    markRequires(root);
    let outcome: Outcome;
    try {
      outcome = new PayloadSolver(deadline).location([root], false);
    } catch (error) {
      if (!(error instanceof AutomatonLimit)) throw error;
      outcome = { ok: false, unknown: error.message };
    }
    if (!outcome.ok) {
      if (outcome.unknown === undefined) return { kind: "unsat" };
      unknown ??= outcome.unknown;
    } else body = outcome.value;
  }
  if (unknown !== undefined) return { kind: "unknown", reason: unknown };
  const request: RoutingRequest = {};
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (Object.keys(query).length > 0) request.query = query;
  if (body !== ABSENT) request.body = body;
  return { kind: "sat", request };
}

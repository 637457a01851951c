/**
 * Unreachable rules: does the union of earlier rules cover every request a rule matches?
 * Several earlier rules may share the work (A{x in [1]}, B{x in [2]} cover C{x in [1, 2]}),
 * so this is a set-cover question, answered exactly or not at all:
 *
 *  1. one earlier rule contains the rule field by field (the common case);
 *  2. the rule's own witness matches no earlier rule: not covered;
 *  3. independent fields: split each field's values into cells by the earlier rules'
 *     constraints on it (a finite list: one cell per text) and check every combination
 *     of cells (up to POINT_LIMIT);
 *  4. otherwise subtract the earlier rules one by one from the rule's region, splitting it
 *     into pieces, until nothing is left (covered) or something is (not covered).
 *
 * When a question is undecided, the pieces multiply past PIECE_LIMIT or the deadline
 * passes (every loop looks at it), the answer is "unknown" and no finding is reported: an
 * unreachable_rule error is always proven.
 */
import { matchConditions } from "../engine/conditions";
import type { RoutingRequest } from "../router/document";
import { AutomatonLimit, checkDeadline, type Deadline } from "./automata";
import { complementConstraint, intersectConstraints, MISSING, STRUCTURED, TEXT, type FieldConstraint } from "./constraints";
import type { FieldInfo } from "./fields";
import { solveRegion, type FieldEntry } from "./region";
import { mergeEntries, type RuleShape } from "./shapes";
import { hasText, obviouslySubset, solveText } from "./text-set";

export type Coverage = { readonly kind: "covered"; readonly by: readonly number[] } | { readonly kind: "open" } | { readonly kind: "unknown" };

const POINT_LIMIT = 4096;
const CELL_LIMIT = 64;
const PIECE_LIMIT = 128;
const UNKNOWN: Coverage = { kind: "unknown" };
const OPEN: Coverage = { kind: "open" };

/** Every request of `target` satisfies `outer`, seen field by field. */
function contains(outer: RuleShape, target: RuleShape): boolean {
  let t = 0;
  for (const entry of outer.entries) {
    while (t < target.entries.length && target.entries[t]!.field.id < entry.field.id) t++;
    const mine = target.entries[t];
    if (mine === undefined || mine.field.id !== entry.field.id) return false;
    const a = mine.constraint;
    const b = entry.constraint;
    if ((a.kinds & ~b.kinds) !== 0) return false;
    if (a.kinds & TEXT && !obviouslySubset(a.text, b.text)) return false;
  }
  return true;
}

/**
 * An earlier rule constraining a field the target leaves free cannot be needed: a request
 * of the target where that field is removed (or made an object) still needs covering, by
 * rules that do not look at the field. Entangled payload fields are kept, since the
 * target's own paths may force them to exist.
 */
export function mayHelpCover(coverer: RuleShape, target: RuleShape, entangled: ReadonlySet<number>): boolean {
  let t = 0;
  for (const entry of coverer.entries) {
    while (t < target.entries.length && target.entries[t]!.field.id < entry.field.id) t++;
    if (target.entries[t]?.field.id === entry.field.id) continue;
    const field = entry.field;
    if (entangled.has(field.id)) continue;
    if (field.source !== "payload") return false;
    if (!(entry.constraint.kinds & STRUCTURED)) return false;
    const last = field.segments[field.segments.length - 1];
    if (last !== undefined && last.name !== null && last.index < 0) return false;
  }
  return true;
}

/** A part of one field's values: a union of constraints, inside a known set of coverer constraints. */
interface Cell {
  readonly parts: readonly FieldConstraint[];
  readonly inside: ReadonlySet<number>;
}

/** Might hold a value: an undecided text set counts as non-empty (it must then be covered too). */
function nonEmpty(c: FieldConstraint, deadline: Deadline): boolean {
  if (c.kinds & (MISSING | STRUCTURED)) return true;
  if (!(c.kinds & TEXT)) return false;
  return solveText(c.text, deadline).kind !== "unsat";
}

/** The target's values of one field, split by every coverer constraint on that field. */
function splitField(target: FieldEntry, constraints: readonly FieldConstraint[], deadline: Deadline): Cell[] | null {
  let cells: Cell[] = [{ parts: [target.constraint], inside: new Set() }];
  for (const c of constraints) {
    checkDeadline(deadline);
    const next: Cell[] = [];
    const outside = complementConstraint(c, target.field.source);
    for (const cell of cells) {
      const inParts = cell.parts.map((part) => intersectConstraints(part, c)).filter((part) => nonEmpty(part, deadline));
      const outParts = cell.parts.flatMap((part) => outside.map((o) => intersectConstraints(part, o))).filter((part) => nonEmpty(part, deadline));
      if (inParts.length > 0) next.push({ parts: inParts, inside: new Set([...cell.inside, c.id]) });
      if (outParts.length > 0) next.push({ parts: outParts, inside: cell.inside });
    }
    if (next.length > CELL_LIMIT) return null;
    cells = next;
  }
  return cells;
}

/**
 * Fields independent and every coverer looking only at the target's fields: the target is a
 * product of per-field cells (finite lists: one cell per text), and it is covered iff every
 * combination of cells lies inside one coverer.
 */
function cells(target: RuleShape, coverers: readonly RuleShape[], entangled: ReadonlySet<number>, deadline: Deadline): Coverage | null {
  if (target.entries.some((e) => entangled.has(e.field.id))) return null;
  const position = new Map<number, number>();
  target.entries.forEach((e, i) => position.set(e.field.id, i));
  if (!coverers.every((c) => c.entries.every((e) => position.has(e.field.id)))) return null;
  // member[i][cell](constraint) says whether cell `cell` of field i lies inside the constraint.
  const members: ((cell: number, c: FieldConstraint) => boolean)[] = [];
  const sizes: number[] = [];
  let size = 1;
  for (const [i, entry] of target.entries.entries()) {
    const finite = entry.constraint.kinds === TEXT ? entry.constraint.text.finite : null;
    if (finite !== null) {
      members[i] = (cell, c) => (c.kinds & TEXT) !== 0 && hasText(c.text, finite[cell]!);
      sizes[i] = finite.length;
    } else {
      const distinct = new Map<number, FieldConstraint>();
      for (const coverer of coverers) for (const e of coverer.entries) if (e.field.id === entry.field.id) distinct.set(e.constraint.id, e.constraint);
      const split = splitField(entry, [...distinct.values()], deadline);
      if (split === null) return null;
      members[i] = (cell, c) => split[cell]!.inside.has(c.id);
      sizes[i] = split.length;
    }
    size *= sizes[i]!;
    if (size > POINT_LIMIT) return null;
  }
  if (size === 0) return { kind: "covered", by: [] };
  const used = new Set<number>();
  const counter = sizes.map(() => 0);
  for (let p = 0; p < size; p++) {
    if ((p & 63) === 0) checkDeadline(deadline);
    const covering = coverers.findIndex((c) => c.entries.every((e) => members[position.get(e.field.id)!]!(counter[position.get(e.field.id)!]!, e.constraint)));
    if (covering < 0) return OPEN;
    used.add(covering);
    for (let i = 0; i < counter.length; i++) {
      counter[i]!++;
      if (counter[i]! < sizes[i]!) break;
      counter[i] = 0;
    }
  }
  return { kind: "covered", by: [...used].sort((a, b) => a - b) };
}

function restrict(piece: readonly FieldEntry[], field: FieldInfo, constraint: FieldEntry["constraint"]): FieldEntry[] {
  const out: FieldEntry[] = [];
  let placed = false;
  for (const entry of piece) {
    if (!placed && entry.field.id === field.id) {
      out.push({ field, constraint: intersectConstraints(entry.constraint, constraint) });
      placed = true;
    } else {
      if (!placed && entry.field.id > field.id) {
        out.push({ field, constraint });
        placed = true;
      }
      out.push(entry);
    }
  }
  if (!placed) out.push({ field, constraint });
  return out;
}

function subtract(target: RuleShape, coverers: readonly RuleShape[], deadline: Deadline): Coverage {
  let pieces: (readonly FieldEntry[])[] = [target.entries];
  const used = new Set<number>();
  for (let k = 0; k < coverers.length && pieces.length > 0; k++) {
    const coverer = coverers[k]!;
    const next: (readonly FieldEntry[])[] = [];
    for (const piece of pieces) {
      checkDeadline(deadline);
      const meet = solveRegion(mergeEntries(piece, coverer.entries), deadline);
      if (meet.kind === "unknown") return UNKNOWN;
      if (meet.kind === "unsat") {
        next.push(piece);
        continue;
      }
      used.add(k);
      // piece minus coverer = ∪ᵢ piece ∧ c₁ ∧ … ∧ cᵢ₋₁ ∧ ¬cᵢ (disjoint parts).
      let prefix: readonly FieldEntry[] = piece;
      for (const entry of coverer.entries) {
        for (const part of complementConstraint(entry.constraint, entry.field.source)) {
          const cut = restrict(prefix, entry.field, part);
          const verdict = solveRegion(cut, deadline);
          if (verdict.kind === "unknown") return UNKNOWN;
          if (verdict.kind === "sat") next.push(cut);
        }
        prefix = restrict(prefix, entry.field, entry.constraint);
      }
      if (next.length > PIECE_LIMIT) return UNKNOWN;
    }
    pieces = next;
  }
  return pieces.length === 0 ? { kind: "covered", by: [...used].sort((a, b) => a - b) } : OPEN;
}

/**
 * Whether `coverers` (earlier rules that overlap the target, in order) together match every
 * request the target matches; `by` lists the ones that take part, as indices into `coverers`.
 */
export function coverage(
  target: RuleShape,
  coverers: readonly RuleShape[],
  witness: RoutingRequest | null,
  entangled: ReadonlySet<number>,
  deadline: Deadline,
): Coverage {
  if (coverers.length === 0) return OPEN;
  try {
    const alone = coverers.findIndex((c) => contains(c, target));
    if (alone >= 0) return { kind: "covered", by: [alone] };
    checkDeadline(deadline);
    if (witness !== null && !coverers.some((c) => matchConditions(c.conditions, witness))) return OPEN;
    checkDeadline(deadline);
    return cells(target, coverers, entangled, deadline) ?? subtract(target, coverers, deadline);
  } catch (error) {
    if (error instanceof AutomatonLimit) return UNKNOWN;
    throw error;
  }
}

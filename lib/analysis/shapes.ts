/**
 * A rule's shape: its conditions (audience first, then its own, as the engine ANDs them)
 * folded into one constraint per field, sorted by field id. Shapes depend only on the
 * conditions, so they are cached by content and shared by every document and ordering
 * that contains the same rule — dragging a rule card recompiles nothing.
 */
import type { Condition } from "../router/document";
import { conditionConstraint, intersectConstraints, TEXT, type FieldConstraint } from "./constraints";
import { fieldOf } from "./fields";
import type { FieldEntry } from "./region";

export interface RuleShape {
  readonly id: number;
  /** Content key: the resolved conditions as JSON. */
  readonly key: string;
  /** Resolved conditions, for checking witnesses with the engine. */
  readonly conditions: readonly Condition[];
  readonly entries: readonly FieldEntry[];
  /** Ids of its payload fields (the only ones that can be entangled). */
  readonly payload: readonly number[];
  /** Every constraint is a finite list of texts: the index decides its overlaps exactly. */
  readonly finite: boolean;
  /** A field's constraint is already empty (e.g. `in [a]` and `in [b]` on one field). */
  readonly contradictory: boolean;
}

let nextId = 1;

function entriesOf(conditions: readonly Condition[]): FieldEntry[] {
  const byField = new Map<number, FieldEntry>();
  for (const condition of conditions) {
    const field = fieldOf(condition.source, condition.key);
    const c = conditionConstraint(condition);
    const known = byField.get(field.id);
    byField.set(field.id, { field, constraint: known === undefined ? c : intersectConstraints(known.constraint, c) });
  }
  return [...byField.values()].sort((a, b) => a.field.id - b.field.id);
}

const isFinite = (c: FieldConstraint): boolean => c.kinds === TEXT && c.text.finite !== null;

export function shapeOf(conditions: readonly Condition[], key: string): RuleShape {
  const entries = entriesOf(conditions);
  return {
    id: nextId++,
    key,
    conditions,
    entries,
    payload: entries.filter((e) => e.field.source === "payload").map((e) => e.field.id),
    finite: entries.every((e) => isFinite(e.constraint)),
    contradictory: entries.some((e) => e.constraint.kinds === 0 || (e.constraint.kinds === TEXT && e.constraint.text.finite?.length === 0)),
  };
}

/** Two shapes' entries merged by field (constraints on a shared field intersect). */
export function mergeEntries(a: readonly FieldEntry[], b: readonly FieldEntry[]): FieldEntry[] {
  const out: FieldEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.field.id < y.field.id)) {
      out.push(x!);
      i++;
    } else if (x === undefined || y.field.id < x.field.id) {
      out.push(y);
      j++;
    } else {
      out.push({ field: x.field, constraint: intersectConstraints(x.constraint, y.constraint) });
      i++;
      j++;
    }
  }
  return out;
}

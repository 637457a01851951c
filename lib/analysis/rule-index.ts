/**
 * The overlap index: on every field where a rule's constraint is a finite list of texts
 * (`in`), the rule is filed under each text. A rule's possible partners are then the rules
 * that, on each of its finite fields, either share a text or are not finite there: a few
 * word-wise ANDs and ORs instead of a pass over every other rule. Candidates still need a
 * decision unless both rules are finite on plain fields (then the index is exact).
 */
import { addBit, bitsetWords, hasBit, type Bitset } from "./bitset";
import { TEXT } from "./constraints";
import type { RuleShape } from "./shapes";

interface Slot {
  readonly finite: Bitset;
  readonly byText: Map<string, Bitset>;
}

export class RuleIndex {
  private readonly words: number;
  private readonly slots = new Map<number, Slot>();
  /** Positions that can match at all (and are not excluded). */
  readonly alive: Bitset;
  private readonly scratch: Bitset;

  /** `shapes[i]` null or `alive(i)` false: never a candidate; `exclude`: left out (checkRule). */
  constructor(
    readonly shapes: readonly (RuleShape | null)[],
    alive: (i: number) => boolean,
    readonly exclude = -1,
  ) {
    this.words = bitsetWords(shapes.length);
    this.alive = new Uint32Array(this.words);
    this.scratch = new Uint32Array(this.words);
    shapes.forEach((shape, i) => {
      if (shape === null || i === exclude || !alive(i)) return;
      addBit(this.alive, i);
      for (const { field, constraint } of shape.entries) {
        if (constraint.kinds !== TEXT || constraint.text.finite === null) continue;
        let slot = this.slots.get(field.id);
        if (slot === undefined) {
          slot = { finite: new Uint32Array(this.words), byText: new Map() };
          this.slots.set(field.id, slot);
        }
        addBit(slot.finite, i);
        for (const text of constraint.text.finite) {
          let set = slot.byText.get(text);
          if (set === undefined) {
            set = new Uint32Array(this.words);
            slot.byText.set(text, set);
          }
          addBit(set, i);
        }
      }
    });
  }

  has(i: number): boolean {
    return hasBit(this.alive, i);
  }

  /** Writes into `out` the positions that may overlap `shape`. */
  candidates(shape: RuleShape, out: Bitset): void {
    const words = this.words;
    const scratch = this.scratch;
    out.set(this.alive);
    for (const { field, constraint } of shape.entries) {
      if (constraint.kinds !== TEXT || constraint.text.finite === null) continue;
      const slot = this.slots.get(field.id);
      if (slot === undefined) continue; // no other rule is finite on the field
      for (let w = 0; w < words; w++) scratch[w] = ~slot.finite[w]!;
      for (const text of constraint.text.finite) {
        const set = slot.byText.get(text);
        if (set !== undefined) for (let w = 0; w < words; w++) scratch[w]! |= set[w]!;
      }
      for (let w = 0; w < words; w++) out[w]! &= scratch[w]!;
    }
  }

  /** Whether the index was built over exactly these shapes (the excluded position aside). */
  matches(shapes: readonly (RuleShape | null)[], exclude: number): boolean {
    if (exclude !== this.exclude || shapes.length !== this.shapes.length) return false;
    for (let i = 0; i < shapes.length; i++) if (i !== exclude && shapes[i] !== this.shapes[i]) return false;
    return true;
  }
}

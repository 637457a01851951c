/**
 * The analysis of a router document, with caches that survive between calls so that the
 * console can re-run it on every edit or drag:
 *
 * - rule shapes are cached by rule object (documents are immutable values: an edited rule
 *   is a new object) and by content;
 * - pair verdicts (overlap + witness, disjoint, unknown) depend only on the two shapes,
 *   not on their order, and are cached by the pair of shape ids;
 * - unreachability depends on the order and is cached by (shape, earlier overlapping shapes);
 * - finding objects are reused while nothing they say changed (they are frozen).
 *
 * Overlaps go through an index: every field where a rule's constraint is a finite list of
 * texts (`in`) files the rule under each text, so a rule's candidate partners are a few
 * ANDed/ORed bit sets; pairs of such rules on unrelated fields are decided by the index
 * alone, other pairs on unrelated fields field by field, the rest by the region solver.
 */
import { matchConditions } from "../engine/conditions";
import type { Audience, Finding, RouterDocument, Rule } from "../router/document";
import { BUDGET_EXHAUSTED, expired, type Deadline } from "./automata";
import { bitCount, bitsetWords, forEachBit, truncate } from "./bitset";
import { intersectConstraints, STRUCTURED, TEXT } from "./constraints";
import { coverage, mayHelpCover, type Coverage } from "./coverage";
import { describeRequest, quoted } from "./describe";
import { entangledFields, type FieldInfo } from "./fields";
import { PairTable } from "./pair-table";
import { RuleIndex } from "./rule-index";
import { solveRegion, type RegionVerdict } from "./region";
import { mergeEntries, shapeOf, type RuleShape } from "./shapes";
import { structureFindings } from "./structure-checks";
import { plainWitness } from "./witness";
import { sharesText, solveText } from "./text-set";

export interface AnalyzeOptions {
  /** Time allowed for the hard questions (regex automata, set covers), in ms. Default 5000. */
  budgetMs?: number;
  /** Overlap findings listed per rule, earliest partners first; the rest are counted. Default 20. */
  maxOverlapsPerRule?: number;
}

export interface Analyzer {
  /** Every finding of the document. Findings are frozen: they may be shared between calls. */
  analyze(doc: RouterDocument, options?: AnalyzeOptions): Finding[];
  /**
   * The findings about one rule: its own structure, its overlaps with every other rule and
   * whether earlier rules hide it. Effects of the rule on later rules' reachability are left
   * to the next full `analyze`.
   */
  checkRule(doc: RouterDocument, index: number, options?: AnalyzeOptions): Finding[];
}

type Witness = NonNullable<Finding["witness"]>;
type PairResult =
  | { readonly kind: "overlap"; readonly witness: Witness; readonly description: string }
  | { readonly kind: "disjoint" }
  | { readonly kind: "unknown"; readonly reason: string };
type Verdict = { readonly kind: "overlap" | "disjoint" } | { readonly kind: "unknown"; readonly reason: string };

const OVERLAP: Verdict = { kind: "overlap" };
const OUT_OF_TIME: PairResult = { kind: "unknown", reason: BUDGET_EXHAUSTED };
const DISJOINT: Verdict = { kind: "disjoint" };
const BUDGET = BUDGET_EXHAUSTED;
const DEFAULT_BUDGET_MS = 5000;
const DEFAULT_MAX_OVERLAPS = 20;
const CACHE_LIMIT = 200_000;

interface Prepared {
  readonly doc: RouterDocument;
  readonly deadline: Deadline;
  readonly cap: number;
  readonly strict: boolean;
  /** null: the rule never matches (its audience does not exist). */
  readonly shapes: readonly (RuleShape | null)[];
  readonly entangled: ReadonlySet<number>;
  /** No payload field of the shape is entangled with another field of the document. */
  readonly plain: (shape: RuleShape) => boolean;
  readonly findings: Finding[];
  /** Built when time runs out: every rule's possible partners, by the index alone. */
  fallback: RuleIndex | null;
}

interface Partners {
  readonly certain: RuleShape[];
  readonly unknown: RuleShape[];
}

interface Overlaps {
  /** Earlier rules (positions) that certainly overlap, ascending. */
  readonly certain: number[];
  /** Earlier rules that may overlap. */
  readonly unknown: number[];
}

/** Findings share cached witnesses: freeze them so that no consumer can alter another's. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Two finite rules on plain fields overlap iff every shared field has a common text. */
function finiteOverlap(a: RuleShape, b: RuleShape): boolean {
  let j = 0;
  for (const x of a.entries) {
    while (j < b.entries.length && b.entries[j]!.field.id < x.field.id) j++;
    const y = b.entries[j];
    if (y === undefined || y.field.id !== x.field.id) continue;
    if (!sharesText(x.constraint.text, y.constraint.text)) return false;
  }
  return true;
}

/** Rules on plain fields overlap iff every shared field can hold a value both accept. */
function plainOverlap(a: RuleShape, b: RuleShape, deadline: Deadline): Verdict {
  let j = 0;
  let unknown: Verdict | null = null;
  for (const x of a.entries) {
    while (j < b.entries.length && b.entries[j]!.field.id < x.field.id) j++;
    const y = b.entries[j];
    if (y === undefined || y.field.id !== x.field.id) continue;
    const fx = x.constraint.kinds === TEXT ? x.constraint.text.finite : null;
    const fy = y.constraint.kinds === TEXT ? y.constraint.text.finite : null;
    // A finite list against anything: test its texts, no new set needed.
    if (fx !== null || fy !== null) {
      const other = fx !== null ? y.constraint : x.constraint;
      if (!(other.kinds & TEXT) || !sharesText(x.constraint.text, y.constraint.text)) return DISJOINT;
      continue;
    }
    const c = intersectConstraints(x.constraint, y.constraint);
    if (c.kinds & STRUCTURED) continue;
    if (!(c.kinds & TEXT)) return DISJOINT;
    const verdict = solveText(c.text, deadline);
    if (verdict.kind === "unsat") return DISJOINT;
    if (verdict.kind === "unknown") unknown ??= verdict;
  }
  return unknown ?? OVERLAP;
}

const sameIds = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((id, k) => id === b[k]);

class RuleAnalyzer implements Analyzer {
  private readonly byKey = new Map<string, RuleShape>();
  private readonly byRule = new WeakMap<Rule, { audience: Audience | undefined; shape: RuleShape }>();
  private readonly pairs = new PairTable<PairResult>(CACHE_LIMIT);
  private readonly decisions = new PairTable<Verdict>(CACHE_LIMIT);
  private readonly alone = new Map<number, RegionVerdict>();
  /** Shape id → ids of the earlier overlapping shapes last seen, and which of them cover it. */
  private readonly covers = new Map<number, { readonly ids: readonly number[]; readonly result: Coverage }>();
  private lastEntangled: { readonly ids: ReadonlySet<number>; readonly set: ReadonlySet<number> } | null = null;
  private readonly overlapFindings = new WeakMap<PairResult, Finding>();
  private editIndex: RuleIndex | null = null;
  private lastAdjacency: { shapes: ReadonlySet<RuleShape>; entangled: ReadonlySet<number>; map: ReadonlyMap<RuleShape, Partners> } | null = null;
  /** Shape id → the findings last produced for it, and everything they depend on. */
  private readonly ruleCache = new Map<
    number,
    { index: number; name: string; strict: boolean; cap: number; ids: readonly number[]; names: readonly string[]; findings: readonly Finding[] }
  >();

  analyze(doc: RouterDocument, options: AnalyzeOptions = {}): Finding[] {
    const p = this.prepare(doc, options);
    const { map: adjacency, decided } = this.adjacency(p);
    const positions = new Map<RuleShape, number[]>();
    // Rules from `undecidedFrom` on may have earlier partners the adjacency did not reach.
    let undecidedFrom = p.shapes.length;
    p.shapes.forEach((shape, i) => {
      if (shape === null) return;
      if (!decided.has(shape) && undecidedFrom > i) undecidedFrom = i;
      const list = positions.get(shape);
      if (list === undefined) positions.set(shape, [i]);
      else list.push(i);
    });
    const earlier = (partners: readonly RuleShape[], j: number, into: number[]): void => {
      for (const other of partners) for (const i of positions.get(other) ?? []) if (i < j) into.push(i);
    };
    p.shapes.forEach((shape, j) => {
      if (shape !== null && (j >= undecidedFrom || expired(p.deadline))) {
        this.outOfTime(p, j, shape);
        return;
      }
      const overlaps: Overlaps = { certain: [], unknown: [] };
      const partners = shape === null ? undefined : adjacency.get(shape);
      if (shape !== null && partners !== undefined) {
        earlier(partners.certain, j, overlaps.certain);
        earlier(partners.unknown, j, overlaps.unknown);
        // The same conditions twice: they overlap wherever the rule can match at all.
        const self = this.aloneVerdict(p, shape).kind;
        if (self !== "unsat") earlier([shape], j, self === "sat" ? overlaps.certain : overlaps.unknown);
        overlaps.certain.sort((a, b) => a - b);
        overlaps.unknown.sort((a, b) => a - b);
      }
      this.ruleFindings(p, j, overlaps);
    });
    return p.findings;
  }

  /**
   * Rule j's findings once the budget is spent: what is already known (a rule that cannot
   * match at all, pairs decided earlier), and every earlier rule the index cannot rule out
   * as "may overlap" — listed up to the cap and counted, without deciding anything more.
   */
  private outOfTime(p: Prepared, j: number, shape: RuleShape): void {
    const alone = this.alone.get(shape.id);
    if (shape.contradictory || alone?.kind === "unsat") {
      this.ruleFindings(p, j, { certain: [], unknown: [] });
      return;
    }
    p.fallback ??= new RuleIndex(p.shapes, (i) => !p.shapes[i]!.contradictory && this.alone.get(p.shapes[i]!.id)?.kind !== "unsat");
    const candidates = new Uint32Array(bitsetWords(p.shapes.length));
    p.fallback.candidates(shape, candidates);
    truncate(candidates, j);
    // The first `cap` candidates not already known to be disjoint are listed; the rest counted.
    const listed: number[] = [];
    let skipped = 0;
    forEachBit(candidates, (i) => {
      const other = p.shapes[i]!.id;
      if (this.pairs.get(other, shape.id)?.kind === "disjoint" || this.decisions.get(other, shape.id)?.kind === "disjoint") skipped++;
      else listed.push(i);
      return listed.length < p.cap;
    });
    const more = bitCount(candidates) - skipped - listed.length;
    for (const i of listed) p.findings.push(this.overlapFinding(p, i, j));
    if (more > 0) p.findings.push(this.moreFinding(p, j, more, "earlier", true));
  }

  checkRule(doc: RouterDocument, index: number, options: AnalyzeOptions = {}): Finding[] {
    const p = this.prepare(doc, options, index);
    const name = doc.rules[index]?.name;
    const own = `rules.${index}`;
    const findings = p.findings.filter((f) => f.path === own || f.path.startsWith(`${own}.`) || (f.code === "duplicate_name" && name !== undefined && f.rules?.includes(name)));
    p.findings.length = 0;
    const shape = p.shapes[index];
    if (shape === undefined || shape === null) return findings;
    // While one rule is edited the others stay the same objects: their index is reused.
    if (this.editIndex === null || !this.editIndex.matches(p.shapes, index)) {
      this.editIndex = new RuleIndex(p.shapes, (i) => this.aloneVerdict(p, p.shapes[i]!).kind !== "unsat", index);
    }
    const candidates = new Uint32Array(bitsetWords(p.shapes.length));
    if (this.aloneVerdict(p, shape).kind !== "unsat") this.editIndex.candidates(shape, candidates);
    // One list for both sides, in rule order: at most `cap` overlaps with witnesses.
    const earlier: Overlaps = { certain: [], unknown: [] };
    const partners: number[] = [];
    forEachBit(candidates, (i) => {
      const result = expired(p.deadline) ? "unknown" : this.decide(p, p.shapes[i]!, shape).kind;
      if (result === "disjoint") return;
      partners.push(i);
      if (i < index) (result === "overlap" ? earlier.certain : earlier.unknown).push(i);
    });
    const alone = this.aloneVerdict(p, shape);
    if (alone.kind === "unsat") this.ruleFindings(p, index, earlier);
    else {
      const unreachable = this.unreachable(p, index, shape, earlier.certain, alone);
      if (unreachable !== null) p.findings.push(unreachable);
      for (const i of partners.slice(0, p.cap)) p.findings.push(this.overlapFinding(p, i, index));
      if (partners.length > p.cap) p.findings.push(this.moreFinding(p, index, partners.length - p.cap, "other"));
    }
    return [...findings, ...p.findings];
  }

  // -------------------------------------------------------------------------------------

  private prepare(doc: RouterDocument, options: AnalyzeOptions, only?: number): Prepared {
    const deadline = { at: performance.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS) };
    const audiences = new Map<string, Audience>();
    for (const audience of doc.audiences) if (!audiences.has(audience.name)) audiences.set(audience.name, audience);
    const shapes = doc.rules.map((rule) => {
      const audience = rule.audience ? audiences.get(rule.audience) : undefined;
      if (rule.audience && audience === undefined) return null;
      return this.shape(rule, audience);
    });
    const entangled = this.entangled(shapes);
    const plain = (shape: RuleShape): boolean => entangled.size === 0 || shape.payload.every((id) => !entangled.has(id));
    if (this.covers.size > CACHE_LIMIT) this.covers.clear();
    if (this.alone.size > CACHE_LIMIT) this.alone.clear();
    if (this.ruleCache.size > CACHE_LIMIT) this.ruleCache.clear();
    return {
      doc,
      deadline,
      cap: options.maxOverlapsPerRule ?? DEFAULT_MAX_OVERLAPS,
      strict: doc.settings.strict,
      shapes,
      entangled,
      plain,
      findings: structureFindings(doc, only),
      fallback: null,
    };
  }

  /** Entangled payload fields of the document, reused while its set of payload fields is the same. */
  private entangled(shapes: readonly (RuleShape | null)[]): ReadonlySet<number> {
    const ids = new Set<number>();
    for (const shape of shapes) if (shape !== null) for (const id of shape.payload) ids.add(id);
    const last = this.lastEntangled;
    if (last !== null && last.ids.size === ids.size && [...ids].every((id) => last.ids.has(id))) return last.set;
    const fields = new Map<number, FieldInfo>();
    for (const shape of shapes) for (const entry of shape?.entries ?? []) if (ids.has(entry.field.id)) fields.set(entry.field.id, entry.field);
    const set = fields.size < 2 ? new Set<number>() : entangledFields(fields.values());
    this.lastEntangled = { ids, set };
    return set;
  }

  private shape(rule: Rule, audience: Audience | undefined): RuleShape {
    const hit = this.byRule.get(rule);
    if (hit !== undefined && hit.audience === audience) return hit.shape;
    const conditions = audience ? [...audience.conditions, ...rule.conditions] : rule.conditions;
    const key = JSON.stringify(conditions);
    let shape = this.byKey.get(key);
    if (shape === undefined) {
      if (this.byKey.size > CACHE_LIMIT) this.byKey.clear();
      shape = shapeOf(conditions, key);
      this.byKey.set(key, shape);
    }
    this.byRule.set(rule, { audience, shape });
    return shape;
  }

  /** The rule on its own: a request it matches, or proof that none exists. */
  private aloneVerdict(p: Prepared, shape: RuleShape): RegionVerdict {
    if (shape.contradictory) return { kind: "unsat" };
    let verdict = this.alone.get(shape.id);
    if (verdict === undefined) {
      verdict = solveRegion(shape.entries, p.deadline);
      if (verdict.kind === "sat" && !matchConditions(shape.conditions, verdict.request)) verdict = { kind: "unknown", reason: "witness check failed" };
      if (verdict.kind === "sat") deepFreeze(verdict.request);
      if (verdict.kind !== "unknown" || verdict.reason !== BUDGET) this.alone.set(shape.id, verdict);
    }
    return verdict;
  }

  /**
   * The pair's exact verdict, with a witness the engine confirmed: for rules on plain fields
   * their own witnesses merged (witness.ts), otherwise through the region solver.
   */
  private pair(p: Prepared, first: RuleShape, second: RuleShape, plain: boolean): PairResult {
    let result = this.pairs.get(first.id, second.id);
    if (result !== undefined) return result;
    if (expired(p.deadline)) return OUT_OF_TIME;
    // One orientation per pair, by content: the witness does not depend on the rules' order.
    const [a, b] = first.key <= second.key ? [first, second] : [second, first];
    const confirmed = (request: Witness): boolean => matchConditions(a.conditions, request) && matchConditions(b.conditions, request);
    const overlap = (request: Witness): PairResult => ({ kind: "overlap", witness: deepFreeze(request), description: describeRequest(request) });
    const aloneA = this.aloneVerdict(p, a);
    const aloneB = this.aloneVerdict(p, b);
    const merged = plain && aloneA.kind === "sat" && aloneB.kind === "sat" ? plainWitness(a.entries, b.entries, aloneA.request, aloneB.request, p.deadline) : null;
    if (merged !== null && confirmed(merged)) result = overlap(merged);
    else {
      const verdict = solveRegion(mergeEntries(a.entries, b.entries), p.deadline);
      // The engine has the last word: a witness it does not route to both rules is a bug here.
      if (verdict.kind === "sat") result = confirmed(verdict.request) ? overlap(verdict.request) : { kind: "unknown", reason: "witness check failed" };
      else result = verdict.kind === "unsat" ? { kind: "disjoint" } : { kind: "unknown", reason: verdict.reason };
    }
    if (result.kind !== "unknown" || result.reason !== BUDGET) this.pairs.set(a.id, b.id, result);
    return result;
  }

  /** Whether two rules overlap, by the cheapest exact means; no witness. */
  private decide(p: Prepared, a: RuleShape, b: RuleShape): Verdict {
    const aloneA = this.aloneVerdict(p, a).kind;
    const aloneB = this.aloneVerdict(p, b).kind;
    if (aloneA === "unsat" || aloneB === "unsat") return DISJOINT;
    if (aloneA !== "sat" || aloneB !== "sat" || !p.plain(a) || !p.plain(b)) return this.pair(p, a, b, false);
    if (a.finite && b.finite) return finiteOverlap(a, b) ? OVERLAP : DISJOINT;
    let verdict = this.decisions.get(a.id, b.id);
    if (verdict === undefined) {
      verdict = plainOverlap(a, b, p.deadline);
      if (verdict.kind !== "unknown" || verdict.reason !== BUDGET) this.decisions.set(a.id, b.id, verdict);
    }
    return verdict;
  }

  /**
   * Which rules overlap which, by shape: independent of the order, so a drag (same shapes,
   * new order) reuses it whole. Computed through the index when the set of shapes changes.
   */
  private adjacency(p: Prepared): { map: ReadonlyMap<RuleShape, Partners>; decided: ReadonlySet<RuleShape> } {
    const distinct: RuleShape[] = [];
    const seen = new Set<RuleShape>();
    for (const shape of p.shapes) {
      if (shape !== null && !seen.has(shape)) {
        seen.add(shape);
        distinct.push(shape);
      }
    }
    const last = this.lastAdjacency;
    if (last !== null && last.entangled === p.entangled && last.shapes.size === seen.size && distinct.every((s) => last.shapes.has(s))) return { map: last.map, decided: seen };
    const map = new Map<RuleShape, Partners>(distinct.map((shape) => [shape, { certain: [], unknown: [] }]));
    const decided = new Set<RuleShape>();
    const index = new RuleIndex(distinct, (k) => this.aloneVerdict(p, distinct[k]!).kind !== "unsat");
    const candidates = new Uint32Array(bitsetWords(distinct.length));
    let complete = true;
    let stopped = false;
    let steps = 0;
    // Shapes in order of first appearance: those decided before time runs out are a prefix.
    for (let k = 0; k < distinct.length && !stopped; k++) {
      const shape = distinct[k]!;
      if (expired(p.deadline)) break;
      if (!index.has(k)) {
        decided.add(shape);
        continue;
      }
      index.candidates(shape, candidates);
      truncate(candidates, k);
      const finite = shape.finite && p.plain(shape);
      forEachBit(candidates, (i) => {
        // Pairs decided by the index alone are cheap, but there may be millions of them.
        if ((++steps & 1023) === 0 && expired(p.deadline)) {
          stopped = true;
          return false;
        }
        const other = distinct[i]!;
        // The index already matched every finite field of `shape`: two finite plain rules overlap.
        const verdict = finite && other.finite && p.plain(other) ? OVERLAP : this.decide(p, other, shape);
        if (verdict.kind === "disjoint") return;
        if (verdict.kind === "unknown" && verdict.reason === BUDGET) complete = false;
        const side = verdict.kind === "overlap" ? "certain" : "unknown";
        map.get(shape)![side].push(other);
        map.get(other)![side].push(shape);
      });
      if (!stopped) decided.add(shape);
    }
    if (decided.size < distinct.length) complete = false;
    this.lastAdjacency = complete ? { shapes: seen, entangled: p.entangled, map } : null;
    return { map, decided };
  }

  /** Unreachability and overlap findings of rule j, given the earlier rules it overlaps. */
  private ruleFindings(p: Prepared, j: number, { certain, unknown }: Overlaps): void {
    const shape = p.shapes[j];
    if (shape === null || shape === undefined) return;
    const alone = this.aloneVerdict(p, shape);
    if (alone.kind === "unsat") {
      const name = p.doc.rules[j]!.name;
      p.findings.push({
        severity: "error",
        code: "unreachable_rule",
        path: `rules.${j}`,
        rules: [name],
        message: `Rule "${name}" can never match: no request satisfies all its conditions at once.`,
      });
      return;
    }
    // What the findings say depends on the rule's place and name and on its partners (shapes
    // and names, in order), not on where the partners sit: after a drag most rules reuse them.
    // Partners in rule order; an uncertain partner's id is negated.
    const merged = unknown.length === 0 ? certain : [...certain, ...unknown].sort((a, b) => a - b);
    const uncertain = unknown.length === 0 ? null : new Set(unknown);
    const names = merged.map((i) => p.doc.rules[i]!.name);
    const ids = merged.map((i) => (uncertain?.has(i) ? -p.shapes[i]!.id : p.shapes[i]!.id));
    const name = p.doc.rules[j]!.name;
    const known = this.ruleCache.get(shape.id);
    if (known !== undefined && known.name === name && known.strict === p.strict && known.cap === p.cap && sameIds(known.ids, ids) && known.names.every((n, k) => n === names[k])) {
      if (known.index !== j) {
        // Moved, nothing else changed: same findings at the new path.
        const path = `rules.${j}`;
        known.findings = known.findings.map((f) => Object.freeze({ ...f, path }));
        known.index = j;
      }
      for (const f of known.findings) p.findings.push(f);
      return;
    }
    const start = p.findings.length;
    const unreachable = this.unreachable(p, j, shape, certain, alone);
    if (unreachable !== null) p.findings.push(unreachable);
    const count = certain.length + unknown.length;
    const listed = merged.slice(0, p.cap);
    for (const i of listed) p.findings.push(this.overlapFinding(p, i, j));
    if (count > listed.length) p.findings.push(this.moreFinding(p, j, count - listed.length, "earlier"));
    const findings = p.findings.slice(start);
    // Only answers that did not run out of time are worth keeping.
    if (performance.now() <= p.deadline.at) this.ruleCache.set(shape.id, { index: j, name, strict: p.strict, cap: p.cap, ids, names, findings });
  }

  private unreachable(p: Prepared, j: number, shape: RuleShape, certain: readonly number[], alone: RegionVerdict): Finding | null {
    if (certain.length === 0) return null;
    const ids = certain.map((i) => p.shapes[i]!.id);
    let entry = this.covers.get(shape.id);
    if (entry === undefined || !sameIds(entry.ids, ids)) {
      const useful = certain.filter((i) => mayHelpCover(p.shapes[i]!, shape, p.entangled));
      const witness = alone.kind === "sat" ? alone.request : null;
      let result = coverage(
        shape,
        useful.map((i) => p.shapes[i]!),
        witness,
        p.entangled,
        p.deadline,
      );
      // Remember which of `certain` cover, so that the answer survives a change of positions.
      if (result.kind === "covered") result = { kind: "covered", by: result.by.map((k) => certain.indexOf(useful[k]!)) };
      entry = { ids, result };
      if (result.kind !== "unknown" || performance.now() <= p.deadline.at) this.covers.set(shape.id, entry);
    }
    if (entry.result.kind !== "covered") return null;
    const names = entry.result.by.map((k) => p.doc.rules[certain[k]!]!.name);
    const name = p.doc.rules[j]!.name;
    return {
      severity: "error",
      code: "unreachable_rule",
      path: `rules.${j}`,
      rules: [name, ...names],
      message:
        names.length === 1
          ? `Rule "${name}" can never match: every request it matches is taken first by rule "${names[0]}", which comes earlier.`
          : `Rule "${name}" can never match: every request it matches is taken first by one of the earlier rules ${quoted(names)}.`,
      ...(alone.kind === "sat" ? { witness: alone.request } : {}),
    };
  }

  private overlapFinding(p: Prepared, i: number, j: number): Finding {
    const [first, second] = i < j ? [i, j] : [j, i];
    const a = p.doc.rules[first]!.name;
    const b = p.doc.rules[second]!.name;
    const sa = p.shapes[first]!;
    const sb = p.shapes[second]!;
    const result = this.pair(p, sa, sb, p.plain(sa) && p.plain(sb));
    const path = `rules.${second}`;
    const severity = result.kind === "overlap" && p.strict ? "error" : "warning";
    const known = this.overlapFindings.get(result);
    if (known !== undefined && known.path === path && known.severity === severity && known.rules![0] === a && known.rules![1] === b) return known;
    let finding: Finding;
    if (result.kind === "overlap") {
      finding = {
        severity,
        code: "overlap",
        path,
        rules: [a, b],
        witness: result.witness,
        message:
          `Rules "${a}" and "${b}" overlap: ${result.description ? `a request with ${result.description}` : "any request"} matches both. ` +
          `"${a}" comes first and takes it, so "${b}" only gets what "${a}" does not match.` +
          (p.strict ? " A strict router requires rules that no request matches twice." : ""),
      };
    } else {
      const reason = result.kind === "unknown" ? result.reason : "undecided";
      finding = {
        severity,
        code: "overlap",
        path,
        rules: [a, b],
        uncertain: true,
        message: `Rules "${a}" and "${b}" may overlap: the analysis could not decide whether one request can match both (${reason}).`,
      };
    }
    this.overlapFindings.set(result, Object.freeze(finding));
    return finding;
  }

  private moreFinding(p: Prepared, j: number, more: number, side: "earlier" | "other", undecided = false): Finding {
    const name = p.doc.rules[j]!.name;
    const rules = `${more} more ${side} rule${more === 1 ? "" : "s"}`;
    if (undecided) {
      return {
        severity: "warning",
        code: "overlap",
        path: `rules.${j}`,
        rules: [name],
        uncertain: true,
        message: `Rule "${name}" may also overlap ${rules}, not listed: the analysis ran out of its time budget before deciding them (${BUDGET_EXHAUSTED}).`,
      };
    }
    return {
      severity: p.strict ? "error" : "warning",
      code: "overlap",
      path: `rules.${j}`,
      rules: [name],
      message: `Rule "${name}" also overlaps ${rules}, not listed: the analysis lists at most ${p.cap} overlaps per rule.`,
    };
  }
}

export function createAnalyzer(): Analyzer {
  return new RuleAnalyzer();
}

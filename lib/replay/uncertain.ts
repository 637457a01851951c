/**
 * Which unrecorded fields a replayed decision depends on. A sample holds only the fields
 * its version recorded, so a document that reads other fields sees them as missing. The
 * decision may then be wrong only where such a field is read before it is settled:
 *
 * - a rule before the one chosen whose recorded conditions all hold: the real request may
 *   have matched it through its unrecorded ones;
 * - a sticky rule's key sources tried before the key was found (or all of them when none
 *   was), unless the sample's slot stands in for them (same seed and key sources);
 * - the pin header, when the document allows pinning and it was not recorded.
 *
 * The chosen rule itself never depends on an unrecorded field: a missing field fails every
 * operator, so a rule testing one cannot have been chosen.
 */
import type { CompiledRouter } from "../engine";
import type { CompiledRule } from "../engine/compiled";
import { PIN_HEADER } from "../engine";
import { lowerCaseHeaders, compileField, type Field } from "../engine/values";
import type { RouterDocument } from "../router/document";
import { fieldId, readFields, slotContext } from "./fields";
import type { Recording, Sample } from "./sample";

interface RulePlan {
  readonly rule: CompiledRule;
  /** Conditions on recorded fields. */
  readonly recorded: readonly CompiledRule["conditions"][number][];
  /** Ids of the unrecorded fields the rule's other conditions read. */
  readonly unrecorded: readonly string[];
}

interface Plan {
  /** None of the fields the document reads is missing from the recording: nothing to check. */
  readonly complete: boolean;
  readonly rules: readonly RulePlan[];
  readonly pinUnrecorded: boolean;
  /** Key sources in order, with whether each is known (recorded, or stood in for by the slot). */
  readonly keySources: readonly { readonly field: Field; readonly id: string; readonly known: boolean }[];
}

const PIN_ID = fieldId("header", PIN_HEADER);

export class Dependencies {
  private readonly plans = new Map<Recording, Plan>();
  private readonly reads: readonly string[];
  private readonly context: string;
  private readonly keySources: readonly { field: Field; id: string }[];

  constructor(
    private readonly document: RouterDocument,
    private readonly compiled: CompiledRouter,
  ) {
    this.reads = readFields(document).map((f) => fieldId(f.source, f.key));
    this.context = slotContext(document);
    this.keySources = document.settings.keySources.map((k) => ({ field: compileField(k.source, k.key), id: fieldId(k.source, k.key) }));
  }

  private planFor(recording: Recording): Plan {
    let plan = this.plans.get(recording);
    if (plan !== undefined) return plan;
    const known = (id: string) => recording.fields.has(id);
    const slotStandsIn = recording.slotMode && recording.slotContext === this.context;
    const keySources = this.keySources.map((k) => ({ ...k, known: known(k.id) || slotStandsIn }));
    const complete = this.reads.every((id) => known(id) || (slotStandsIn && keySources.some((k) => k.id === id)));
    plan = {
      complete,
      pinUnrecorded: this.document.settings.allowPin && !known(PIN_ID),
      keySources,
      rules: this.compiled.rules.map((rule) => {
        const recorded: RulePlan["recorded"][number][] = [];
        const unrecorded = new Set<string>();
        for (const c of rule.conditions) {
          const id = fieldId(c.compiled.field.source, c.compiled.field.key);
          if (known(id)) recorded.push(c);
          else unrecorded.add(id);
        }
        return { rule, recorded, unrecorded: [...unrecorded] };
      }),
    };
    this.plans.set(recording, plan);
    return plan;
  }

  /** The ids of the unrecorded fields this sample's decision depends on (empty when none). */
  of(sample: Sample): readonly string[] {
    const recording = sample.recording;
    if (recording === undefined) return [];
    const plan = this.planFor(recording);
    if (plan.complete) return [];
    const depends = new Set<string>();
    if (plan.pinUnrecorded) depends.add(PIN_ID);
    const { query, body } = sample.request;
    const headers = lowerCaseHeaders(sample.request.headers);
    let chosen: CompiledRule | null = null;
    for (const { rule, recorded, unrecorded } of plan.rules) {
      if (rule.audienceMissing) continue;
      let holds = true;
      for (let i = 0; i < recorded.length && holds; i++) holds = recorded[i]!.compiled.matches(headers, query, body);
      if (!holds) continue;
      if (unrecorded.length === 0) {
        chosen = rule;
        break;
      }
      for (const id of unrecorded) depends.add(id);
    }
    chosen ??= this.compiled.defaultRule;
    if (chosen !== null && chosen.strategy === "sticky") {
      for (const source of plan.keySources) {
        if (!source.known) {
          depends.add(source.id);
          continue;
        }
        const key = source.field.read(headers, query, body);
        if (typeof key === "string" && key.length > 0) break;
        // A slot standing in for the key sources: the key came from one of them, or from none.
        if (sample.slot !== undefined && !recording.fields.has(source.id)) break;
      }
    }
    return [...depends];
  }
}

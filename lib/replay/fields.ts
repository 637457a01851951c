/**
 * The request fields a router document reads — its rules' and used audiences' conditions,
 * its key sources (when a rule is sticky) and the pin header (when pinning is allowed) —
 * and the fields the gateway records for it. A field is named `{ source, key }` with header
 * names in lower case; `fieldId` is its one-string form (`header:x-region`).
 */
import { PIN_HEADER } from "../engine";
import type { ConditionSource, FieldRef, RouterDocument } from "../router/document";

export function fieldId(source: ConditionSource, key: string): string {
  return `${source}:${source === "header" ? key.toLowerCase() : key}`;
}

export const idOf = (field: FieldRef): string => fieldId(field.source, field.key);

function normalised(source: ConditionSource, key: string): FieldRef {
  return { source, key: source === "header" ? key.toLowerCase() : key };
}

/** Adds `field` unless a field with the same id is already there; keeps first-seen order. */
function add(out: Map<string, FieldRef>, source: ConditionSource, key: string): void {
  const id = fieldId(source, key);
  if (!out.has(id)) out.set(id, normalised(source, key));
}

export function isSticky(document: RouterDocument): boolean {
  return document.rules.some((r) => r.strategy === "sticky") || document.defaultRule?.strategy === "sticky";
}

/** The fields the document's conditions read (rules' own and their audiences'), in document order. */
export function conditionFields(document: RouterDocument): FieldRef[] {
  const out = new Map<string, FieldRef>();
  const used = new Set(document.rules.map((r) => r.audience).filter((a): a is string => !!a));
  for (const rule of document.rules) for (const c of rule.conditions) add(out, c.source, c.key);
  for (const audience of document.audiences) {
    if (!used.has(audience.name)) continue;
    for (const c of audience.conditions) add(out, c.source, c.key);
  }
  return [...out.values()];
}

/** The key sources a decision may read: only sticky rules read them. */
export function keySourceFields(document: RouterDocument): FieldRef[] {
  if (!isSticky(document)) return [];
  const out = new Map<string, FieldRef>();
  for (const k of document.settings.keySources) add(out, k.source, k.key);
  return [...out.values()];
}

/** Every field a decision by `document` may read. */
export function readFields(document: RouterDocument): FieldRef[] {
  const out = new Map<string, FieldRef>();
  for (const f of conditionFields(document)) add(out, f.source, f.key);
  for (const f of keySourceFields(document)) add(out, f.source, f.key);
  if (document.settings.allowPin) add(out, "header", PIN_HEADER);
  return [...out.values()];
}

/**
 * The fields the gateway records for a version: what it reads plus `recordFields`. With
 * `recordKeys: slot`, the key sources are left out (the sample keeps the key's slot
 * instead) unless a condition or `recordFields` names the same field.
 */
export function recordedFields(document: RouterDocument): FieldRef[] {
  const { recordKeys, recordFields } = document.settings;
  const out = new Map<string, FieldRef>();
  const keep = new Set<string>();
  for (const f of conditionFields(document)) {
    add(out, f.source, f.key);
    keep.add(idOf(f));
  }
  for (const f of recordFields) {
    add(out, f.source, f.key);
    keep.add(idOf(f));
  }
  for (const f of keySourceFields(document)) if (recordKeys === "raw" || keep.has(idOf(f))) add(out, f.source, f.key);
  if (document.settings.allowPin) add(out, "header", PIN_HEADER);
  return [...out.values()];
}

/**
 * What a sticky slot recorded under `document` stands for: the same seed and key sources
 * give the same slot for the same request, so a slot may stand in for the key only then.
 */
export function slotContext(document: RouterDocument): string {
  return JSON.stringify([document.settings.seed ?? document.name, document.settings.keySources.map(idOf)]);
}

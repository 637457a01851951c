/** What changes between two router documents (or two audiences), one line per change, for people to review. */
import type { Audience, Condition, DefaultRule, RouterDocument, Rule } from "../router/document";
import { diffDocuments } from "../versions/diff";
import { canonical } from "./normalize";
import { splitText } from "./output";

const json = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));

export function conditionText(c: Condition): string {
  if (c.operator === "present") return `${c.source} ${c.key} present`;
  if (c.operator === "range") return `${c.source} ${c.key} range [${c.values.join(", ")}]`;
  return `${c.source} ${c.key} ${c.operator} [${c.values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

export const conditionsText = (cs: readonly Condition[]) => (cs.length === 0 ? "(none)" : cs.map(conditionText).join(" AND "));
const shadowsText = (s: DefaultRule["shadows"]) =>
  s.length === 0 ? "(none)" : s.map((x) => `${x.route} ${x.percent} %${x.compare && x.compare.mode !== "exact" ? ` compared ${JSON.stringify(x.compare)}` : ""}`).join(", ");

/** `canary 100, shadows stable 10 %` — a rule's routing at a glance. */
function routingText(b: DefaultRule): string {
  return `${b.strategy} ${splitText(b.split)}${b.shadows.length ? `; shadows ${shadowsText(b.shadows)}` : ""}`;
}

function ruleFields(from: DefaultRule | Rule, to: DefaultRule | Rule): string[] {
  const out: string[] = [];
  const a = from as Partial<Rule>;
  const b = to as Partial<Rule>;
  if ((a.audience ?? null) !== (b.audience ?? null)) out.push(`audience ${a.audience ?? "(none)"} → ${b.audience ?? "(none)"}`);
  if (canonical(a.conditions ?? []) !== canonical(b.conditions ?? [])) out.push(`conditions ${conditionsText(a.conditions ?? [])} → ${conditionsText(b.conditions ?? [])}`);
  if (from.strategy !== to.strategy) out.push(`strategy ${from.strategy} → ${to.strategy}`);
  if (canonical(from.split) !== canonical(to.split)) out.push(`split ${splitText(from.split)} → ${splitText(to.split)}`);
  if (canonical(from.shadows) !== canonical(to.shadows)) out.push(`shadows ${shadowsText(from.shadows)} → ${shadowsText(to.shadows)}`);
  if ((from.slots ?? null) !== (to.slots ?? null)) out.push(`slot table ${from.slots ?? "(canonical)"} → ${to.slots ?? "(canonical)"}`);
  return out;
}

/**
 * `from` → `to`, as lines: `+` added, `-` removed, `~` changed, `↕` moved. Empty when the
 * documents are the same (slot tables included: compare `withoutSlots` documents to ignore them).
 */
export function routerChanges(from: RouterDocument, to: RouterDocument): string[] {
  const d = diffDocuments(from, to);
  const lines: string[] = [];
  if (d.description) lines.push(`~ description ${json(d.description.from)} → ${json(d.description.to)}`);
  for (const s of d.settings) lines.push(`~ settings.${s.field} ${json(s.from)} → ${json(s.to)}`);

  for (const r of d.routes.removed) lines.push(`- route ${r.name}`);
  for (const r of d.routes.added) lines.push(`+ route ${r.name} ${r.url} (timeout ${r.timeoutMs} ms)`);
  for (const c of d.routes.changed) {
    const fields = (["url", "timeoutMs"] as const).filter((k) => c.from[k] !== c.to[k]).map((k) => `${k} ${c.from[k]} → ${c.to[k]}`);
    lines.push(`~ route ${c.name}: ${fields.join("; ")}`);
  }
  const fromRoutes = from.routes.map((r) => r.name).filter((n) => to.routes.some((r) => r.name === n));
  const toRoutes = to.routes.map((r) => r.name).filter((n) => from.routes.some((r) => r.name === n));
  if (canonical(fromRoutes) !== canonical(toRoutes)) lines.push(`↕ routes order ${fromRoutes.join(", ")} → ${toRoutes.join(", ")}`);

  for (const a of d.audiences.removed) lines.push(`- audience ${a.name}`);
  for (const a of d.audiences.added) lines.push(`+ audience ${a.name}: ${conditionsText(a.conditions)}`);
  for (const c of d.audiences.changed) lines.push(`~ audience ${c.name}: ${audienceChanges(c.from, c.to).join("; ")}`);

  for (const r of d.rules.removed) lines.push(`- rule ${r.name}`);
  for (const r of d.rules.added) {
    const at = to.rules.findIndex((x) => x.name === r.name);
    const when = [r.audience ? `audience ${r.audience}` : null, r.conditions.length ? conditionsText(r.conditions) : null].filter(Boolean).join(" AND ") || "every request";
    lines.push(`+ rule ${r.name} at position ${at}: ${when} → ${routingText(r)}`);
  }
  // diffDocuments ignores slot tables; a change of table alone is still a change of the draft.
  const changed = new Set(d.rules.changed.map((c) => c.name));
  for (const r of to.rules) {
    const before = from.rules.find((x) => x.name === r.name);
    if (before && (changed.has(r.name) || (before.slots ?? null) !== (r.slots ?? null))) lines.push(`~ rule ${r.name}: ${ruleFields(before, r).join("; ")}`);
  }
  for (const m of d.rules.moved) lines.push(`↕ rule ${m.name} position ${m.from} → ${m.to}`);

  const fd = from.defaultRule;
  const td = to.defaultRule;
  if (!fd && td) lines.push(`+ default rule → ${routingText(td)}`);
  else if (fd && !td) lines.push(`- default rule`);
  else if (fd && td && canonical(fd) !== canonical(td)) lines.push(`~ default rule: ${ruleFields(fd, td).join("; ")}`);
  return lines;
}

export function audienceChanges(from: Audience, to: Audience): string[] {
  const out: string[] = [];
  if ((from.description ?? "") !== (to.description ?? "")) out.push(`description ${json(from.description ?? "")} → ${json(to.description ?? "")}`);
  if (canonical(from.conditions) !== canonical(to.conditions)) out.push(`conditions ${conditionsText(from.conditions)} → ${conditionsText(to.conditions)}`);
  return out;
}

export const indent = (lines: readonly string[], by = "  ") => lines.map((l) => `${by}${l}\n`).join("");

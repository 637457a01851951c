import type { Audience, DefaultRule, Route, Rule } from "@/lib/router/document";
import type { CompareSpec } from "@/lib/shadows/spec";
import type { DocumentDiff } from "@/lib/versions/diff";
import { formatCondition } from "@/components/conditions/condition-chip";
import { formatPercent } from "@/components/common/format";

/**
 * A document diff as rows a person can read: each changed thing in plain lines of text,
 * so that a side-by-side view can line up "from" and "to" and mark the lines that differ.
 */
export type DiffChange = "added" | "removed" | "changed" | "moved";
export type DiffSection = "Description" | "Settings" | "Routes" | "Audiences" | "Rules" | "Default rule";
export type DiffRow = { section: DiffSection; name: string; change: DiffChange; from: string[] | null; to: string[] | null };

export function describeRoute(route: Route): string[] {
  return [`URL ${route.url}`, `timeout ${route.timeoutMs.toLocaleString("en-US")} ms`];
}

export function describeAudience(audience: Audience): string[] {
  return audience.conditions.map((c) => `when ${formatCondition(c)}`);
}

/** How a shadow entry's answers are compared, in one line. */
export function describeCompare(compare: CompareSpec | undefined): string {
  if (!compare || compare.mode === "exact") return "exact bytes";
  if (compare.mode === "json") return compare.ignore.length ? `same JSON ignoring ${compare.ignore.join(", ")}` : "same JSON";
  const fields = compare.fields.map((f) => {
    if (f.topK !== undefined) return `${f.path} top ${f.topK}${f.by ? ` by ${f.by}` : ""}`;
    if (f.tolerance) {
      const bounds = [f.tolerance.absolute !== undefined ? `±${f.tolerance.absolute}` : null, f.tolerance.relative !== undefined ? `±${f.tolerance.relative * 100} %` : null].filter(Boolean);
      return `${f.path} ${bounds.length ? bounds.join(" or ") : "equal"}`;
    }
    return f.path;
  });
  return `fields ${fields.join(", ")}`;
}

export function describeBody(body: DefaultRule): string[] {
  const lines = [`${body.strategy} split: ${body.split.map((s) => `${s.route} ${formatPercent(s.weight)}`).join(", ")}`];
  if (body.shadows.length === 0) lines.push("no shadows");
  for (const s of body.shadows) lines.push(`shadow ${s.route} ${formatPercent(s.percent)}, compared by ${describeCompare(s.compare)}`);
  return lines;
}

export function describeRule(rule: Rule): string[] {
  const lines: string[] = [];
  if (rule.audience) lines.push(`audience ${rule.audience}`);
  for (const c of rule.conditions) lines.push(`when ${formatCondition(c)}`);
  if (!rule.audience && rule.conditions.length === 0) lines.push("matches every request");
  return [...lines, ...describeBody(rule)];
}

const SETTING_LABELS: Record<string, string> = {
  keySources: "Key sources",
  missingKey: "Missing key",
  strict: "Strict",
  allowPin: "Allow pin",
  seed: "Seed",
  keepDisagreements: "Keep disagreements",
  recordPercent: "Requests recorded (%)",
  recordMaxPerSecond: "Recorded at most per second",
  recordFields: "Extra recorded fields",
  recordKeys: "Sticky keys recorded",
};

export function describeSetting(field: string, value: unknown): string[] {
  if (value === undefined) return ["(not set)"];
  if (field === "keySources" && Array.isArray(value)) {
    return value.length ? value.map((k: { source: string; key: string }, i) => `${i + 1}. ${k.source} ${k.key}`) : ["none"];
  }
  if (field === "recordFields" && Array.isArray(value)) {
    return value.length ? value.map((k: { source: string; key: string }) => `${k.source} ${k.key}`) : ["none"];
  }
  if (typeof value === "boolean") return [value ? "on" : "off"];
  return [String(value)];
}

export function settingLabel(field: string): string {
  return SETTING_LABELS[field] ?? field;
}

/** Every difference, in the order a reader expects: description, settings, routes, audiences, rules, default rule. */
export function diffRows(diff: DocumentDiff): DiffRow[] {
  const rows: DiffRow[] = [];
  if (diff.description) {
    rows.push({
      section: "Description",
      name: "description",
      change: "changed",
      from: [diff.description.from || "(empty)"],
      to: [diff.description.to || "(empty)"],
    });
  }
  for (const s of diff.settings) {
    rows.push({ section: "Settings", name: settingLabel(s.field), change: "changed", from: describeSetting(s.field, s.from), to: describeSetting(s.field, s.to) });
  }
  const lists = [
    ["Routes", diff.routes, describeRoute],
    ["Audiences", diff.audiences, describeAudience],
    ["Rules", diff.rules, describeRule],
  ] as const;
  for (const [section, list, describe] of lists) {
    const d = describe as (x: unknown) => string[];
    for (const x of list.removed) rows.push({ section, name: x.name, change: "removed", from: d(x), to: null });
    for (const x of list.added) rows.push({ section, name: x.name, change: "added", from: null, to: d(x) });
    for (const x of list.changed) rows.push({ section, name: x.name, change: "changed", from: d(x.from), to: d(x.to) });
  }
  for (const m of diff.rules.moved) {
    rows.push({ section: "Rules", name: m.name, change: "moved", from: [`priority ${m.from + 1}`], to: [`priority ${m.to + 1}`] });
  }
  if (diff.defaultRule) {
    const { from, to } = diff.defaultRule;
    rows.push({
      section: "Default rule",
      name: "default",
      change: from && to ? "changed" : from ? "removed" : "added",
      from: from ? describeBody(from) : null,
      to: to ? describeBody(to) : null,
    });
  }
  return rows;
}

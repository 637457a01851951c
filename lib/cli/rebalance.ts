/**
 * `turnout rebalance old.yaml new.yaml`: prints new.yaml with the slot table of every sticky
 * split moved minimally from old.yaml's table for the rule of the same name (default rule to
 * default rule); a rule new to the router, or one that was not sticky, gets the canonical
 * table. What moved is reported on stderr, so stdout is the document alone, in the new
 * file's format (YAML keeps its comments and layout).
 */
import { canonicalTable, encodeSlots, minimumMovedSlots, movedShare, rebalance, type SlotTable } from "../engine";
import { decodeSlots } from "../engine/slots";
import type { DefaultRule, Rule } from "../router/document";
import { readRouterFile, type RouterFile } from "./documents";
import { EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";

type AnyRule = Rule | DefaultRule;

/** The table old.json's rule routes sticky keys with, or null when it routes none. */
function previousTable(old: RouterFile, rule: AnyRule, path: string, notes: string[]): SlotTable | null {
  if (rule.strategy !== "sticky") return null;
  if (rule.slots !== undefined) {
    const decoded = decodeSlots(rule.slots, rule.split);
    if (decoded.ok) return decoded.table;
    notes.push(`${old.doc.source.file}: ${path}.slots: invalid (${decoded.error}): starting from the canonical table of its split`);
  }
  try {
    return canonicalTable(rule.split);
  } catch {
    return null;
  }
}

const percent = (share: number) => `${(share * 100).toFixed(2)} %`;

export async function rebalanceCommand(oldFile: string, newFile: string, io: Io): Promise<number> {
  const old = await readRouterFile(oldFile, io);
  const next = await readRouterFile(newFile, io);
  const notes: string[] = [];
  let failed = false;

  const seedOf = (d: RouterFile) => d.document.settings.seed ?? d.document.name;
  if (seedOf(old) !== seedOf(next)) {
    notes.push(`the router seed changed ("${seedOf(old)}" → "${seedOf(next)}"): every key gets a new bucket, so keys move whatever the tables`);
  }

  const oldRules = new Map<string, { rule: AnyRule; path: string }>(old.document.rules.map((rule, i) => [rule.name, { rule, path: `rules.${i}` }]));
  if (old.document.defaultRule) oldRules.set("default", { rule: old.document.defaultRule, path: "defaultRule" });

  const raw = next.raw as { rules?: Record<string, unknown>[]; defaultRule?: Record<string, unknown> };
  const targets: { rule: AnyRule; name: string; path: string; at: (string | number)[]; target: Record<string, unknown> }[] = next.document.rules.map((rule, i) => ({
    rule,
    name: rule.name,
    path: `rules.${i}`,
    at: ["rules", i],
    target: raw.rules![i]!,
  }));
  if (next.document.defaultRule) targets.push({ rule: next.document.defaultRule, name: "default", path: "defaultRule", at: ["defaultRule"], target: raw.defaultRule! });

  for (const { rule, name, path, at, target } of targets) {
    if (rule.strategy !== "sticky") continue;
    const label = `${path} (${name})`;
    const before = oldRules.get(name);
    const previous = before ? previousTable(old, before.rule, before.path, notes) : null;
    let table: SlotTable;
    try {
      table = previous ? rebalance(previous, rule.split) : canonicalTable(rule.split);
    } catch (error) {
      failed = true;
      notes.push(`${label}: no slot table: ${(error as Error).message}`);
      continue;
    }
    target.slots = encodeSlots(table);
    next.doc.yaml?.setIn([...at, "slots"], target.slots);
    if (previous === null) {
      notes.push(`${label}: ${before ? "was not sticky" : "new rule"}: canonical table`);
    } else {
      const moved = movedShare(previous, table);
      const minimum = minimumMovedSlots(previous, rule.split) / 10_000;
      if (moved === 0) notes.push(`${label}: no sticky key changes route`);
      else notes.push(`${label}: ${percent(moved)} of sticky keys change route${moved === minimum ? " (the minimum)" : ` (minimum ${percent(minimum)})`}`);
    }
  }

  // The whole document as written (kind and revision included), with only the tables changed.
  await write(io.stdout, next.doc.yaml ? next.doc.yaml.toString({ lineWidth: 0 }) : `${JSON.stringify(next.doc.value, null, 2)}\n`);
  for (const note of notes) await write(io.stderr, `turnout: ${note}\n`);
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * An audit event's before and after as the fields that changed: each value flattened to
 * its leaves (`rules.0.split.1.weight`), and the leaves whose value differs listed with
 * both sides. Bounded: events hold whole router documents, so at most `limit` lines.
 */
export type ChangeLine = { path: string; before: string | null; after: string | null };

const MAX_DEPTH = 32;

function flatten(value: unknown, at: string, out: Map<string, string>, depth: number): void {
  if (out.size > 20_000) return;
  if (value !== null && typeof value === "object" && depth < MAX_DEPTH) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(at || "(value)", Array.isArray(value) ? "[]" : "{}");
    for (const [k, v] of entries) flatten(v, at ? `${at}.${k}` : k, out, depth + 1);
    return;
  }
  out.set(at || "(value)", JSON.stringify(value) ?? "null");
}

export function changeLines(before: unknown, after: unknown, limit = 200): { lines: ChangeLine[]; more: number } {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, "", a, 0);
  if (after !== null && after !== undefined) flatten(after, "", b, 0);
  const lines: ChangeLine[] = [];
  let total = 0;
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path) ?? null;
    const y = b.get(path) ?? null;
    if (x === y) continue;
    total++;
    if (lines.length < limit) lines.push({ path, before: x, after: y });
  }
  return { lines, more: total - lines.length };
}

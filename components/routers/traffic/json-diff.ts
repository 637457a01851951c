/**
 * Two answers side by side, line against line: JSON is pretty-printed with sorted keys (so
 * key order never shows as a difference and equal parts line up), anything else is shown as
 * its text; lines are aligned by a longest common subsequence. Bounded: beyond MAX_LINES
 * per side the rest is cut, and beyond MAX_CELLS the lines are paired by position.
 */
export type DiffLine = { readonly left: string | null; readonly right: string | null; readonly same: boolean };

const MAX_LINES = 1500;
const MAX_CELLS = 1_500_000;

function sortedKeys(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => sortedKeys(v, depth + 1));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, sortedKeys(record[k], depth + 1)]));
}

/** The lines a body is shown as: pretty JSON with sorted keys when it parses, else its text. */
export function bodyLines(text: string): string[] {
  let lines: string[];
  try {
    lines = JSON.stringify(sortedKeys(JSON.parse(text)), null, 2).split("\n");
  } catch {
    lines = text.split("\n");
  }
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… ${lines.length - MAX_LINES} more lines`] : lines;
}

export function diffLines(left: readonly string[], right: readonly string[]): DiffLine[] {
  const n = left.length;
  const m = right.length;
  if (n * m > MAX_CELLS) {
    return Array.from({ length: Math.max(n, m) }, (_, i) => ({ left: left[i] ?? null, right: right[i] ?? null, same: left[i] === right[i] }));
  }
  // lcs[i][j]: the longest common subsequence of left[i…] and right[j…], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = left[i] === right[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  // Rows of the current change that only have a left line yet: added lines pair with them in order.
  let unpaired: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      out.push({ left: left[i]!, right: right[j]!, same: true });
      unpaired = [];
      i++;
      j++;
    } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      unpaired.push(out.length);
      out.push({ left: left[i]!, right: null, same: false });
      i++;
    } else {
      const row = unpaired.shift();
      if (row !== undefined) out[row] = { left: out[row]!.left, right: right[j]!, same: false };
      else out.push({ left: null, right: right[j]!, same: false });
      j++;
    }
  }
  return out;
}

export function jsonDiff(primary: string, shadow: string): DiffLine[] {
  return diffLines(bodyLines(primary), bodyLines(shadow));
}

/** How commands print: aligned tables for people, JSON or YAML (`-o json|yaml`) for scripts. */
import { Document } from "yaml";
import { CliError } from "./io";

export type OutputFormat = "table" | "json" | "yaml";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["table", "json", "yaml"];

export function outputFormat(value: string | undefined, fallback: OutputFormat = "table"): OutputFormat {
  if (value === undefined) return fallback;
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw new CliError(`-o takes table, json or yaml, not "${value}"`, true);
}

/** A YAML document; `comment` goes above it as `# …` lines. */
export function toYaml(value: unknown, comment?: string): string {
  const doc = new Document(value);
  if (comment) doc.commentBefore = comment.split("\n").map((l) => ` ${l}`).join("\n");
  return doc.toString({ lineWidth: 0 });
}

/** Several YAML documents in one stream. */
export function toYamlStream(items: readonly { value: unknown; comment?: string }[]): string {
  return items.map((i) => toYaml(i.value, i.comment)).join("---\n");
}

export function render(value: unknown, format: Exclude<OutputFormat, "table">): string {
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : toYaml(value);
}

export type Column<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined; align?: "right" };

/** Columns padded to their widest cell; the last column is not padded. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => {
    const v = c.value(row);
    return v === null || v === undefined || v === "" ? "-" : String(v).replace(/\s*\n\s*/g, " ");
  }));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 && columns[i]!.align !== "right" ? v : columns[i]!.align === "right" ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n") + "\n";
}

/** `2026-03-01 14:02` (UTC) from an ISO date. */
export const shortDate = (iso: string) => iso.replace("T", " ").slice(0, 16);

/** `stable 90, canary 10`. */
export const splitText = (split: readonly { route: string; weight: number }[]) => split.map((s) => `${s.route} ${s.weight}`).join(", ");

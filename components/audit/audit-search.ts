/**
 * The audit log pages' filters, read from the page's query string (a plain GET form, so a
 * filtered view is a link one can share). The project's log and the administrators' log
 * read the same fields; the latter adds `project`.
 */
import { bigintCursorSchema } from "@/lib/http/lists";

export type AuditSearch = Record<string, string | string[] | undefined>;
export type AuditFields = { project: string; actor: string; target: string; router: string; from: string; to: string };

export type ParsedAuditSearch = {
  /** What the user typed, to fill the form and build links. */
  fields: AuditFields;
  /** What the query asks of the log (empty fields left out, times in UTC ISO 8601). */
  filter: { project?: string; actor?: string; target?: string; router?: string; from?: string; to?: string };
  /** The keyset cursor of an older page. */
  before?: string;
  /** Fields that do not hold a date-time. */
  invalid: { from: boolean; to: boolean };
  problems: string[];
};

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * `<input type="datetime-local">` sends "2025-06-01T14:30" with no zone. Every time in the
 * console is shown in UTC (components/common/format.ts), so the filter reads it as UTC too.
 * "To" includes the whole minute (or day) it names. Returns undefined for an empty field
 * and "invalid" for text that is not a date-time.
 */
export function parseUtc(value: string, end: boolean): string | undefined | "invalid" {
  if (!value.trim()) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return "invalid";
  const start = new Date(`${m[1]}T${m[2] ?? "00:00"}:${m[3] ?? "00"}Z`);
  // Year 0 looks like a date but no PostgreSQL timestamp holds it.
  if (Number.isNaN(start.getTime()) || start.getUTCFullYear() < 1) return "invalid";
  if (!end) return start.toISOString();
  const span = m[3] !== undefined ? 1000 : m[2] !== undefined ? 60_000 : 86_400_000;
  return new Date(start.getTime() + span - 1).toISOString();
}

export function parseAuditSearch(search: AuditSearch): ParsedAuditSearch {
  const fields: AuditFields = {
    project: first(search.project)?.trim().toLowerCase().slice(0, 63) ?? "",
    actor: first(search.actor)?.trim().slice(0, 254) ?? "",
    target: first(search.target)?.trim().slice(0, 200) ?? "",
    router: first(search.router)?.trim().toLowerCase().slice(0, 63) ?? "",
    from: first(search.from) ?? "",
    to: first(search.to) ?? "",
  };
  const from = parseUtc(fields.from, false);
  const to = parseUtc(fields.to, true);
  const problems: string[] = [];
  if (from === "invalid") problems.push("“From” is not a date and time.");
  if (to === "invalid") problems.push("“To” is not a date and time.");
  const validFrom = from === "invalid" ? undefined : from;
  const validTo = to === "invalid" ? undefined : to;
  if (validFrom && validTo && validFrom > validTo) problems.push("“From” is after “To”, so no event can match.");
  const before = first(search.before);
  return {
    fields,
    filter: {
      ...(fields.project ? { project: fields.project } : {}),
      ...(fields.actor ? { actor: fields.actor } : {}),
      ...(fields.target ? { target: fields.target } : {}),
      ...(fields.router ? { router: fields.router } : {}),
      ...(validFrom ? { from: validFrom } : {}),
      ...(validTo ? { to: validTo } : {}),
    },
    ...(before && bigintCursorSchema.safeParse(before).success ? { before } : {}),
    invalid: { from: from === "invalid", to: to === "invalid" },
    problems,
  };
}

/** A link to the log at `base` with the same filters (and `extra`, e.g. an older page). */
export function auditHref(base: string, fields: AuditFields, extra: Record<string, string> = {}): string {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
  const query = new URLSearchParams({ ...kept, ...extra }).toString();
  return query ? `${base}?${query}` : base;
}

export const isFiltered = (fields: AuditFields) => Object.values(fields).some((v) => v !== "");

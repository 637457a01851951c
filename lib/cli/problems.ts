/** The server's problem+json answers as the CLI prints them, and the exit code each one gives. */
import { ApiError } from "../api-client/request";
import { findingSchema, type Finding } from "../router/document";
import { LOGIN_HINT } from "./credentials";
import { EXIT_BAD_INPUT, EXIT_FINDINGS } from "./io";

/** The findings a refused deploy carries (422 analysis_errors). */
export function findingsOf(error: ApiError): Finding[] {
  const list = Array.isArray(error.body.findings) ? error.body.findings : [];
  return list.flatMap((f) => {
    const parsed = findingSchema.safeParse(f);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The two revisions a 412 names: the one sent and the current one. */
export function revisionsOf(error: ApiError): { expected?: number; current?: number } {
  const n = (v: unknown) => (typeof v === "number" ? v : undefined);
  return { expected: n(error.body.expected), current: n(error.body.current) };
}

/**
 * `the draft was changed… (HTTP 412 stale_revision)` and, indented, each failing field and
 * finding the server listed.
 */
export function describeApiError(error: ApiError): string {
  const lines = [`${error.detail} (HTTP ${error.status} ${error.code})`];
  for (const e of error.errors) lines.push(`  ${e.path}: ${e.message}`);
  for (const f of findingsOf(error)) lines.push(`  ${f.severity} ${f.code} at ${f.path || "(document)"}: ${f.message}`);
  if (error.status === 401) lines.push(`  ${LOGIN_HINT}`);
  return lines.join("\n");
}

/** 2 when the server found the input invalid (422 invalid: the fields are named), else 1 (a refusal or a conflict). */
export function exitCodeOf(error: ApiError): number {
  return error.status === 422 && error.code === "invalid" ? EXIT_BAD_INPUT : EXIT_FINDINGS;
}

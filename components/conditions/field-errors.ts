import type { ZodError } from "zod";
import { ApiError } from "@/lib/api-client/fetch";

/** Field path (`conditions.0.values`, `split`) → message, as the API's problem+json names them. */
export type FieldErrors = Readonly<Record<string, string>>;

export const NO_ERRORS: FieldErrors = {};

/** The server's `errors[]` of a failed write (plus `name` for a duplicate), keyed by path. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return NO_ERRORS;
  const out: Record<string, string> = {};
  for (const e of error.errors) out[e.path] ??= e.message;
  const issues = (error.body as { issues?: { path: string; message: string }[] }).issues;
  for (const e of issues ?? []) out[e.path] ??= e.message;
  if (error.code === "duplicate" || (error.status === 409 && (error.body as { target?: string }).target === "name")) out.name ??= error.detail;
  return out;
}

/** The same paths from a local check with the schemas the server uses. */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.map(String).join(".") || "(root)"] ??= issue.message;
  return out;
}

/** The message for `path` itself, or for the first field under it. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path] !== undefined) return errors[path];
  const nested = Object.keys(errors).find((p) => p.startsWith(`${path}.`));
  return nested === undefined ? undefined : errors[nested];
}

/** Messages not shown next to any of the given fields (shown in the form's summary instead). */
export function unplacedErrors(errors: FieldErrors, placed: (path: string) => boolean): string[] {
  return Object.entries(errors)
    .filter(([path]) => !placed(path))
    .map(([path, message]) => (path === "(root)" ? message : `${path}: ${message}`));
}

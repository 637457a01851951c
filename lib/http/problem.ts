import type { ZodError } from "zod";

export type FieldError = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

/** An RFC 9457 problem document. */
export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://turnout.dev/problems/${code}`, title: TITLES[status] ?? "Error", status, detail, code, ...extra };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), { status: p.status, headers: { "content-type": "application/problem+json", ...headers } });
}

/** Field paths as users read them: `rules.2.split.0.weight`, or `(root)` for the whole body. */
export function zodFieldErrors(error: ZodError, prefix?: string): FieldError[] {
  const at = (segments: PropertyKey[]) => [prefix, segments.map(String).join(".")].filter(Boolean).join(".") || "(root)";
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at its own path (`rules.0.weight`), not at its parent's.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: `unknown field '${key}'` }))
      : [{ path: at(issue.path), message: issue.message }],
  );
}

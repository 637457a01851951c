/**
 * Errors the gateway answers itself, as `application/problem+json` (RFC 9457), with the
 * detail repeated as `message`: clients written for model-serving APIs (Dataiku's, among
 * others) show an error's `message` and nothing else.
 */
import type { ServerResponse } from "node:http";

export interface Problem {
  readonly status: number;
  /** Machine-readable reason, also the last segment of `type`. */
  readonly code: string;
  readonly title: string;
  readonly detail: string;
}

export const PROBLEM_TYPE_PREFIX = "urn:turnout:problem:";

export function problemBody(problem: Problem): string {
  return JSON.stringify({
    type: PROBLEM_TYPE_PREFIX + problem.code,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    message: problem.detail,
  });
}

/** Writes the problem unless a response already started; extra headers come as a flat list. */
export function sendProblem(res: ServerResponse, problem: Problem, extraHeaders: readonly string[] = []): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = problemBody(problem);
  res.writeHead(problem.status, [
    "content-type",
    "application/problem+json",
    "content-length",
    String(Buffer.byteLength(body)),
    "cache-control",
    "no-store",
    ...extraHeaders,
  ]);
  res.end(body);
}

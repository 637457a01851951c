/**
 * `turnout route router.json < requests.ndjson`: one decision (JSON, one line) per request
 * line. A line that is not a valid request gets an error object naming its line number in
 * its place, so outputs stay aligned with inputs, and the exit code is 1 at the end.
 */
import { createInterface } from "node:readline";
import type { z } from "zod";
import { compile, seededRng } from "../engine";
import { routingRequestSchema } from "../router/document";
import { readRouterFile } from "./documents";
import { CliError, EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";

export interface RouteOptions {
  /** Print the full trace (every rule and condition) instead of the decision. */
  readonly trace: boolean;
  /** Seed for the random draws, so that random splits and shadows are reproducible. */
  readonly randomSeed?: number;
}

/** `headers.x: expected string`, one entry per zod issue. */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join(".") || "(request)"}: ${issue.message}`);
}

function badLine(line: number, message: string): string {
  return JSON.stringify({ line, error: { status: 400, code: "invalid_request", message: `line ${line}: ${message}` } });
}

// Writes are batched: one syscall per ~64 KB of decisions rather than one per line.
const FLUSH_AT = 64 * 1024;

export async function routeCommand(file: string, options: RouteOptions, io: Io): Promise<number> {
  if (file === "-") throw new CliError("route reads the requests from stdin: give the router document as a file", true);
  const { document } = await readRouterFile(file, io);
  const router = compile(document);
  for (const warning of router.warnings) await write(io.stderr, `turnout: ${file}: ${warning.path}: ${warning.message}\n`);
  const rng = options.randomSeed === undefined ? Math.random : seededRng(options.randomSeed);

  let out = "";
  let bad = 0;
  let lineNumber = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      bad++;
      out += badLine(lineNumber, `invalid JSON: ${(error as Error).message}`) + "\n";
      continue;
    }
    const request = routingRequestSchema.safeParse(value);
    if (!request.success) {
      bad++;
      out += badLine(lineNumber, `not a valid request: ${describeIssues(request.error).join("; ")}`) + "\n";
    } else {
      out += JSON.stringify(options.trace ? router.trace(request.data, rng) : router.decide(request.data, rng)) + "\n";
    }
    if (out.length >= FLUSH_AT) {
      await write(io.stdout, out);
      out = "";
    }
  }
  if (out !== "") await write(io.stdout, out);
  if (bad > 0) await write(io.stderr, `turnout: ${bad} of the input lines ${bad === 1 ? "was not a valid request" : "were not valid requests"}\n`);
  return bad > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Running the `turnout` CLI in tests: as users run it (a child process of bin/turnout.mjs,
 * through tsx, no build) or in-process through `main` with its own streams and environment
 * (fast, for the many smaller cases). Both give the exit code and what was printed.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { PassThrough } from "node:stream";
import { main } from "@/lib/cli/main";

export const BIN = path.resolve(import.meta.dirname, "../../bin/turnout.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  /** Added to (or, when undefined, removed from) a clean environment: HOME, PATH and the TURNOUT_* variables given. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
}

/** The environment a test run sees: nothing of the developer's own TURNOUT_* or XDG settings. */
function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(TURNOUT_|XDG_)/.test(k)) out[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** `node bin/turnout.mjs …` in a child process. */
export function turnoutProcess(args: readonly string[], run: CliRun = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: run.cwd, env: cleanEnv(run.env) as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(run.stdin ?? "");
  });
}

/** `main(args)` in this process, with its own stdin, stdout, stderr and environment. */
export async function turnoutInProcess(args: readonly string[], run: CliRun = {}): Promise<CliResult> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
  stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
  stdin.end(run.stdin ?? "");
  const code = await main(args, { stdin, stdout, stderr, env: cleanEnv(run.env), workdir: run.cwd });
  return { code, stdout: out, stderr: err };
}

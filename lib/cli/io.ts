/** The CLI's streams and environment, its exit codes, and the error that ends a command early. */
import type { Readable, Writable } from "node:stream";

export interface Io {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Where TURNOUT_URL, TURNOUT_TOKEN, TURNOUT_CONFIG… are read; the process environment by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** What relative file names are relative to; the process's working directory by default. */
  readonly workdir?: string;
}

export const EXIT_OK = 0;
/**
 * Findings (analyze: errors; apply: the draft has errors), a refusal or a conflict from the
 * server (412 stale revision, 403, 409…), differences (diff), bad request lines (route).
 */
export const EXIT_FINDINGS = 1;
/** Usage errors and unreadable, unparsable or schema-violating input. */
export const EXIT_BAD_INPUT = 2;

export class CliError extends Error {
  /** A usage mistake (unknown command or option, missing file): the command's usage follows the message. */
  readonly usage: boolean;
  readonly exitCode: number;

  constructor(message: string, usage = false, exitCode = EXIT_BAD_INPUT) {
    super(message);
    this.name = "CliError";
    this.usage = usage;
    this.exitCode = exitCode;
  }
}

/** A refusal or failure that is not the input's fault (server said no, network): exit 1. */
export class CliFailure extends CliError {
  constructor(message: string) {
    super(message, false, EXIT_FINDINGS);
  }
}

export function envOf(io: Io): Readonly<Record<string, string | undefined>> {
  return io.env ?? process.env;
}

/** Writes `text`, waiting for the stream to drain when its buffer is full (large ndjson outputs). */
export async function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off("drain", done);
      stream.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    stream.once("drain", done);
    stream.once("error", done);
  });
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

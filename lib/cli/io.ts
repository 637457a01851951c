/** The CLI's streams, and the error that ends a command with exit code 2 (bad input or usage). */
import type { Readable, Writable } from "node:stream";

export interface Io {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export const EXIT_OK = 0;
/** analyze: errors found; route: some input lines were not valid requests; rebalance: a rule got no table. */
export const EXIT_FINDINGS = 1;
/** Usage errors and unreadable, unparsable or schema-violating input. */
export const EXIT_BAD_INPUT = 2;

export class CliError extends Error {
  /** A usage mistake (unknown command or option, missing file): the usage text follows the message. */
  readonly usage: boolean;

  constructor(message: string, usage = false) {
    super(message);
    this.name = "CliError";
    this.usage = usage;
  }
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

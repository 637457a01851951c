/**
 * `turnout replay OLD NEW < samples.ndjson`: what changing a router from OLD to NEW does to
 * recorded requests (the NDJSON that `GET …/samples` exports, or request lines written by
 * hand), with the same report the API gives. NEW is taken as a deploy would freeze it
 * after OLD (sticky slot tables moved minimally from OLD's) unless --keep-slots. No server
 * and no database: CI can gate a change on yesterday's traffic.
 */
import { createInterface } from "node:readline";
import { freezeDocument } from "../versions/freeze";
import { replay } from "../replay/replay";
import { reportText } from "../replay/report-text";
import { sampleFromLine, type Sample } from "../replay/sample";
import { MAX_EXPORT_SAMPLES, sampleLineSchema } from "../replay/schema";
import { readRouterFile } from "./documents";
import { CliError, EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";

export interface ReplayCommandOptions {
  readonly json: boolean;
  readonly failOnNewErrors: boolean;
  /** Take NEW's slot tables as written (NEW is a deployed version, as a rollback would serve it). */
  readonly keepSlots: boolean;
}

/** Long enough for a million samples on a slow machine; a bound all the same. */
const BUDGET_MS = 10 * 60_000;
/** A line longer than this is refused before parsing (a sample holds a few fields). */
const MAX_LINE_CHARS = 1024 * 1024;

async function readSamples(io: Io, old: Parameters<typeof sampleFromLine>[2]): Promise<Sample[]> {
  const samples: Sample[] = [];
  let lineNumber = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === "") continue;
    if (line.length > MAX_LINE_CHARS) throw new CliError(`stdin line ${lineNumber}: longer than ${MAX_LINE_CHARS} characters`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CliError(`stdin line ${lineNumber}: invalid JSON: ${(error as Error).message}`);
    }
    const parsed = sampleLineSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "(line)"}: ${i.message}`);
      throw new CliError(`stdin line ${lineNumber}: not a sample: ${issues.join("; ")}`);
    }
    if (samples.length >= MAX_EXPORT_SAMPLES) throw new CliError(`stdin holds more than ${MAX_EXPORT_SAMPLES} samples: replay a part of them`);
    samples.push(sampleFromLine(parsed.data, samples.length, old));
  }
  return samples;
}

export async function replayCommand(oldFile: string, newFile: string, options: ReplayCommandOptions, io: Io): Promise<number> {
  if (oldFile === "-" || newFile === "-") throw new CliError("replay reads the samples from stdin: give both router documents as files", true);
  const old = await readRouterFile(oldFile, io);
  const next = await readRouterFile(newFile, io);
  const to = options.keepSlots ? next.document : freezeDocument(next.document, old.document);
  const samples = await readSamples(io, old.document);
  const report = replay(old.document, to, samples, { budgetMs: BUDGET_MS });
  if (options.json) await write(io.stdout, `${JSON.stringify({ ...report, from: { file: oldFile }, to: { file: newFile } }, null, 2)}\n`);
  else await write(io.stdout, reportText(report, { from: oldFile, to: newFile }));
  return options.failOnNewErrors && report.newErrors.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

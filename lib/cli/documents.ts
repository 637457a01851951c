/**
 * Reading the documents the CLI takes — router documents and audiences, as JSON or YAML, one
 * or several per YAML stream, from files, directories or stdin — with errors that name the
 * file, the line and column, and each failing field path.
 *
 * A document may carry two keys of its own besides the schema's: `kind` (`router` or
 * `audience`; inferred when absent) and `revision` (the draft or audience revision it was
 * read at: `apply` sends it as If-Match). `get -o yaml` writes both.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from "yaml";
import type { z } from "zod";
import { zodFieldErrors } from "../http/problem";
import { audienceSchema, routerDocumentSchema, type Audience, type RouterDocument } from "../router/document";
import { routerConfigSchema } from "../routers/schema";
import { CliError, type Io } from "./io";

/** Larger inputs are refused before parsing: a router of 5 000 rules is a few megabytes. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** How many documents one input may hold. */
export const MAX_DOCUMENTS = 1000;
const STDIN = "-";

export interface Source {
  /** The path as given, or `(stdin)`. */
  readonly file: string;
  readonly format: "json" | "yaml";
  readonly text: string;
}

/** One document of a source, as parsed, before its schema is checked. */
export interface SourceDocument {
  readonly source: Source;
  /** 0-based position in the source's stream, and how many the stream holds. */
  readonly index: number;
  readonly count: number;
  /** The whole value, `kind` and `revision` included. */
  readonly value: unknown;
  /** YAML sources: the parsed document (positions, comment-preserving edits). */
  readonly yaml?: Document.Parsed;
  readonly lineCounter?: LineCounter;
}

interface Envelope {
  readonly doc: SourceDocument;
  readonly revision?: number;
  /** The document without `kind` and `revision`; nested values are shared with `doc.value`. */
  readonly raw: Record<string, unknown>;
}

export interface RouterFile extends Envelope {
  readonly kind: "router";
  readonly document: RouterDocument;
}

export interface AudienceFile extends Envelope {
  readonly kind: "audience";
  readonly audience: Audience;
}

export type ResourceFile = RouterFile | AudienceFile;

/** `router.yaml`, or `all.yaml (document 2)` when the stream holds several. */
export function labelOf(doc: SourceDocument): string {
  return doc.count > 1 ? `${doc.source.file} (document ${doc.index + 1})` : doc.source.file;
}

function readError(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
  return new CliError(`${file}: cannot read: ${reason}`);
}

const formatOf = (file: string): "json" | "yaml" => (/\.json$/i.test(file) ? "json" : "yaml");

async function readStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.byteLength;
    if (size > MAX_INPUT_BYTES) throw new CliError(`(stdin): larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
}

async function readOne(file: string, io: Io): Promise<Source> {
  try {
    const at = path.resolve(io.workdir ?? ".", file);
    const info = await stat(at);
    if (info.size > MAX_INPUT_BYTES) throw new CliError(`${file}: larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    // Some editors start UTF-8 files with a byte order mark, which JSON.parse refuses.
    return { file, format: formatOf(file), text: (await readFile(at, "utf8")).replace(/^\uFEFF/, "") };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw readError(file, error);
  }
}

/**
 * The sources named on the command line: files, `-` for stdin, and directories (their
 * `.yaml`, `.yml` and `.json` files, in name order, not recursively).
 */
export async function readSources(paths: readonly string[], io: Io): Promise<Source[]> {
  const sources: Source[] = [];
  for (const p of paths) {
    if (p === STDIN) {
      if (sources.some((s) => s.file === "(stdin)")) throw new CliError("stdin (-) is given twice", true);
      sources.push({ file: "(stdin)", format: "yaml", text: await readStdin(io) });
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = (await stat(path.resolve(io.workdir ?? ".", p))).isDirectory();
    } catch (error) {
      throw readError(p, error);
    }
    if (!isDirectory) {
      sources.push(await readOne(p, io));
      continue;
    }
    const names = (await readdir(path.resolve(io.workdir ?? ".", p))).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort();
    if (names.length === 0) throw new CliError(`${p}: no .yaml, .yml or .json files in this directory`);
    for (const name of names) sources.push(await readOne(path.join(p, name), io));
  }
  return sources;
}

/** `line 3, column 5` of a JSON.parse error, from the position it reports. */
function jsonPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return "";
  const before = text.slice(0, Number(m[1]));
  const line = before.split("\n").length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf("\n")})`;
}

/** The documents of a source; a syntax error ends the command with exit 2 and its line and column. */
export function parseSource(source: Source): SourceDocument[] {
  if (source.format === "json") {
    try {
      return [{ source, index: 0, count: 1, value: JSON.parse(source.text) }];
    } catch (error) {
      const message = (error as Error).message;
      throw new CliError(`${source.file}: invalid JSON${jsonPosition(source.text, message)}: ${message}`);
    }
  }
  const lineCounter = new LineCounter();
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(source.text, { lineCounter, prettyErrors: true, uniqueKeys: true }) as Document.Parsed[];
  } catch (error) {
    // Only resource limits get here (the parser reports syntax errors on the documents).
    throw new CliError(`${source.file}: cannot parse as YAML: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) parsed = [];
  const documents = parsed.filter((d) => d.errors.length > 0 || d.contents !== null);
  if (documents.length > MAX_DOCUMENTS) throw new CliError(`${source.file}: more than ${MAX_DOCUMENTS} documents`);
  return documents.map((yaml, index) => {
    const [first] = yaml.errors;
    if (first) {
      const at = first.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : `offset ${first.pos[0]}`;
      // The message ends with the offending lines and a caret under the column.
      const [summary, ...context] = first.message.split("\n");
      throw new CliError(`${source.file}: invalid YAML at ${where}: ${summary!.replace(/ at line \d+, column \d+:?$/, "")}${context.length ? `\n${context.join("\n").replace(/\n+$/, "")}` : ""}`);
    }
    let value: unknown;
    try {
      value = yaml.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new CliError(`${source.file}: cannot read the YAML: ${(error as Error).message}`);
    }
    return { source, index, count: documents.length, value, yaml, lineCounter };
  });
}

/** ` (line 12, column 7)`: where `segments` is in a YAML document, or its nearest ancestor that exists. */
export function positionOf(doc: SourceDocument, segments: readonly PropertyKey[]): string {
  if (!doc.yaml || !doc.lineCounter) return "";
  let node: unknown = doc.yaml.contents;
  let found = node;
  for (const segment of segments) {
    if (isMap(node)) node = node.get(String(segment), true);
    else if (isSeq(node)) node = node.get(Number(segment), true);
    else break;
    if (node === undefined || node === null) break;
    found = node;
  }
  const range = (found as { range?: [number, number, number] } | null)?.range;
  if (!range) return "";
  const { line, col } = doc.lineCounter.linePos(range[0]);
  return ` (line ${line}, column ${col})`;
}

/** One line per failing field: `rules.0.split.0.weight: must be between 0 and 100 (line 12, column 17)`. */
export function describeSchemaIssues(doc: SourceDocument, error: z.ZodError): string[] {
  return zodFieldErrors(error).map((e) => {
    const segments = e.path === "(root)" ? [] : e.path.split(".");
    return `${e.path === "(root)" ? "(document)" : e.path}: ${e.message}${positionOf(doc, segments)}`;
  });
}

function invalid(doc: SourceDocument, what: string, lines: string[]): CliError {
  return new CliError(`${labelOf(doc)}: not a valid ${what}:\n${lines.map((l) => `  ${l}`).join("\n")}`);
}

const ROUTER_KEYS = ["routes", "rules", "defaultRule", "settings"];

/** `router` or `audience`: the `kind` key, else guessed from the keys (an audience has conditions and no routes or rules). */
function kindOf(doc: SourceDocument, value: Record<string, unknown>): "router" | "audience" {
  if (value.kind === undefined) {
    return "conditions" in value && !ROUTER_KEYS.some((k) => k in value) ? "audience" : "router";
  }
  if (value.kind === "router" || value.kind === "audience") return value.kind;
  throw invalid(doc, "document", [`kind: must be "router" or "audience"${positionOf(doc, ["kind"])}`]);
}

export interface CheckOptions {
  /** Check router documents as the API's writes do (each split adds up to exactly 100). */
  readonly forWrite?: boolean;
  /** Refuse two documents for the same router or audience (apply would write one over the other). */
  readonly unique?: boolean;
}

/** The document's kind, revision and schema-checked content; exit 2 naming each failing field. */
export function checkDocument(doc: SourceDocument, options: CheckOptions = {}): ResourceFile {
  const value = doc.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "nothing" : Array.isArray(value) ? "a list" : `a ${typeof value}`;
    throw new CliError(`${labelOf(doc)}: expected a router or audience document (a mapping of fields), got ${got}`);
  }
  const record = value as Record<string, unknown>;
  const kind = kindOf(doc, record);
  const { kind: _kind, revision, ...raw } = record;
  if (revision !== undefined && (typeof revision !== "number" || !Number.isSafeInteger(revision) || revision < 0)) {
    throw invalid(doc, `${kind} document`, [`revision: must be the revision number it was read at (a whole number)${positionOf(doc, ["revision"])}`]);
  }
  const base = { doc, raw, ...(revision === undefined ? {} : { revision: revision as number }) };
  if (kind === "audience") {
    const parsed = audienceSchema.safeParse(raw);
    if (!parsed.success) throw invalid(doc, "audience", describeSchemaIssues(doc, parsed.error));
    return { kind, ...base, audience: parsed.data };
  }
  const parsed = (options.forWrite ? routerConfigSchema : routerDocumentSchema).safeParse(raw);
  if (!parsed.success) throw invalid(doc, "router document", describeSchemaIssues(doc, parsed.error));
  return { kind, ...base, document: parsed.data };
}

/** Every document of every source, checked; nothing is done with any of them unless all are valid. */
export async function readResources(paths: readonly string[], io: Io, options: CheckOptions = {}): Promise<ResourceFile[]> {
  const sources = await readSources(paths, io);
  const documents = sources.flatMap(parseSource);
  if (documents.length === 0) throw new CliError(`${paths.join(", ")}: no documents`);
  const resources = documents.map((d) => checkDocument(d, options));
  if (options.unique) {
    const seen = new Map<string, string>();
    for (const r of resources) {
      const key = `${r.kind} ${r.kind === "router" ? r.document.name : r.audience.name}`;
      const where = labelOf(r.doc);
      if (seen.has(key)) throw new CliError(`${key} is given twice (${seen.get(key)} and ${where}): give one document per router or audience`);
      seen.set(key, where);
    }
  }
  return resources;
}

/** Exactly one router document (route, rebalance). */
export async function readRouterFile(file: string, io: Io): Promise<RouterFile> {
  const [source] = await readSources([file], io);
  const documents = parseSource(source!);
  if (documents.length !== 1) throw new CliError(`${source!.file}: holds ${documents.length} documents; give one router document`);
  const checked = checkDocument(documents[0]!);
  if (checked.kind !== "router") throw new CliError(`${source!.file}: is an audience; give a router document`);
  return checked;
}

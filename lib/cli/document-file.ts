/** Reading a router document (or any JSON file) for the CLI, with errors that name the file and the field. */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { routerDocumentSchema, type RouterDocument } from "../router/document";
import { CliError } from "./io";

/** `rules.0.split.1.weight: must be between 0 and 100`, one line per zod issue. */
export function describeIssues(error: z.ZodError, root = "(document)"): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return `${path === "" ? root : path}: ${issue.message}`;
  });
}

export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new CliError(`${file}: cannot read: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: invalid JSON: ${(error as Error).message}`);
  }
}

export interface DocumentFile {
  readonly file: string;
  /** The JSON as written (no defaults filled in): what `rebalance` edits and prints back. */
  readonly raw: unknown;
  /** The same document validated by the router schema, defaults applied. */
  readonly document: RouterDocument;
}

export async function readDocument(file: string): Promise<DocumentFile> {
  const raw = await readJson(file);
  const parsed = routerDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(`${file}: not a valid router document:\n${describeIssues(parsed.error).map((l) => `  ${l}`).join("\n")}`);
  }
  return { file, raw, document: parsed.data };
}

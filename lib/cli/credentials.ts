/**
 * Where the CLI finds its server and token: `TURNOUT_URL` / `TURNOUT_TOKEN`, else the
 * credentials file `turnout login` writes — `$TURNOUT_CONFIG`, else
 * `$XDG_CONFIG_HOME/turnout/credentials.json` (`~/.config/turnout/credentials.json`),
 * readable by its owner only.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { slugSchema } from "../router/document";
import { CliError, envOf, type Io } from "./io";

export const credentialsSchema = z
  .object({
    url: z.url(),
    token: z.string().min(1),
    /** The token's project, as the server said at login (or `--project`). */
    project: slugSchema.optional(),
  })
  .strict();
export type Credentials = z.infer<typeof credentialsSchema>;

export function credentialsPath(io: Io): string {
  const env = envOf(io);
  if (env.TURNOUT_CONFIG) return path.resolve(env.TURNOUT_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), ".config");
  return path.join(base, "turnout", "credentials.json");
}

/** The stored credentials, or null when there are none. A file others can read is refused. */
export async function readCredentials(io: Io): Promise<Credentials | null> {
  const file = credentialsPath(io);
  let text: string;
  try {
    const info = await stat(file);
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
      throw new CliError(`${file}: readable by others (mode ${(info.mode & 0o777).toString(8)}): it holds a token; run chmod 600 "${file}" or log in again`);
    }
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError(`${file}: cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${file}: not valid JSON: log in again (turnout login)`);
  }
  const parsed = credentialsSchema.safeParse(json);
  if (!parsed.success) throw new CliError(`${file}: not a credentials file: log in again (turnout login)`);
  return parsed.data;
}

/** Writes the file with mode 0600 (its directory 0700) through a rename, so it is never seen half-written or readable by others. */
export async function writeCredentials(io: Io, credentials: Credentials): Promise<string> {
  const file = credentialsPath(io);
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.credentials-${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    // The umask cannot widen 0600, but a pre-existing file's mode must not survive the rename either.
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`${file}: cannot write: ${(error as Error).message}`);
  }
  return file;
}

/** Removes the file; false when there was none. */
export async function removeCredentials(io: Io): Promise<boolean> {
  const file = credentialsPath(io);
  try {
    await rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new CliError(`${file}: cannot remove: ${(error as Error).message}`);
  }
}

export const LOGIN_HINT = "run `turnout login --url <console address> --token <API token>`, or set TURNOUT_URL and TURNOUT_TOKEN";

/** The server's address without a trailing slash or an `/api/v1` suffix. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`"${raw}" is not a URL (e.g. https://turnout.example.com)`, true);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError(`"${raw}": use an http or https URL`, true);
  if (url.search || url.hash || url.username || url.password) throw new CliError(`"${raw}": give the console's address alone (no query, fragment or user)`, true);
  return url.toString().replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

export type Target = { url: string; token: string; project?: string; from: "environment" | "file" };

/**
 * The server and token to use. `TURNOUT_TOKEN` wins over the file; `TURNOUT_URL` alone only
 * goes with the stored token when it names the same server, so a token is never sent elsewhere.
 */
export async function resolveTarget(io: Io): Promise<Target> {
  const env = envOf(io);
  const envUrl = env.TURNOUT_URL ? normalizeUrl(env.TURNOUT_URL) : undefined;
  const envProject = env.TURNOUT_PROJECT || undefined;
  if (env.TURNOUT_TOKEN) {
    const stored = envUrl ? null : await readCredentials(io);
    const url = envUrl ?? stored?.url;
    if (!url) throw new CliError(`TURNOUT_TOKEN is set but not TURNOUT_URL: set it to the console's address`);
    return { url, token: env.TURNOUT_TOKEN, project: envProject, from: "environment" };
  }
  const stored = await readCredentials(io);
  if (!stored) throw new CliError(`not logged in: ${LOGIN_HINT}`);
  if (envUrl && envUrl !== normalizeUrl(stored.url)) {
    throw new CliError(`TURNOUT_URL (${envUrl}) is not the server you logged in to (${stored.url}): set TURNOUT_TOKEN too, or log in to it`);
  }
  return { url: normalizeUrl(stored.url), token: stored.token, project: envProject ?? stored.project, from: "file" };
}

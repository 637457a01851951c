/**
 * `turnout login --url URL --token TOKEN [--project P]`: checks the token with the server
 * (`GET /api/v1/session` says which project it belongs to) and keeps it in the credentials
 * file; `turnout logout` forgets it. The token may come on stdin instead of the command line,
 * where other users could read it in the process list.
 */
import { ApiError } from "../api-client/request";
import { slugSchema } from "../router/document";
import { Api, type Principal } from "./client";
import { credentialsPath, normalizeUrl, removeCredentials, writeCredentials } from "./credentials";
import { CliError, CliFailure, EXIT_OK, write, type Io } from "./io";
import { describeApiError } from "./problems";

async function tokenFromStdin(io: Io): Promise<string> {
  if ((io.stdin as { isTTY?: boolean }).isTTY) throw new CliError("give the token with --token, or pipe it on stdin", true);
  let text = "";
  for await (const chunk of io.stdin) {
    text += String(chunk);
    if (text.length > 4096) throw new CliError("stdin: that is not an API token (too long)");
  }
  const token = text.trim();
  if (!token) throw new CliError("stdin: no token: give it with --token, or pipe it on stdin", true);
  return token;
}

const isLoopback = (url: URL) => ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname.endsWith(".localhost");

export async function loginCommand(options: { url: string; token?: string; project?: string }, io: Io): Promise<number> {
  const url = normalizeUrl(options.url);
  if (options.project !== undefined && !slugSchema.safeParse(options.project).success) throw new CliError(`--project: "${options.project}" is not a project name`, true);
  const token = options.token === undefined || options.token === "-" ? await tokenFromStdin(io) : options.token;
  if (/\s/.test(token)) throw new CliError("the token must not contain spaces", true);

  const api = new Api(url, token);
  let principal: Principal;
  try {
    principal = (await api.session()).data;
  } catch (error) {
    if (error instanceof ApiError) throw new CliFailure(`${url} refused the token: ${describeApiError(error)}`);
    throw error;
  }
  if (principal.kind !== "token") throw new CliFailure(`${url} did not take this as an API token`);
  if (options.project !== undefined && options.project !== principal.projectName) {
    throw new CliError(`--project ${options.project}: this token belongs to project ${principal.projectName}, and a token reaches its own project only`);
  }
  const project = principal.projectName;
  const file = await writeCredentials(io, { url, token, project });

  if (new URL(url).protocol === "http:" && !isLoopback(new URL(url))) {
    await write(io.stderr, `turnout: warning: ${url} is plain http: the token crosses the network unencrypted\n`);
  }
  await write(io.stdout, `Logged in to ${url} as token ${principal.name} (${principal.scope}) of project ${project}.\nCredentials saved in ${file} (readable by you only).\n`);
  return EXIT_OK;
}

export async function logoutCommand(io: Io): Promise<number> {
  const removed = await removeCredentials(io);
  await write(io.stdout, removed ? `Logged out: removed ${credentialsPath(io)}. The token itself stays valid until it is revoked in the console.\n` : "Not logged in.\n");
  return EXIT_OK;
}

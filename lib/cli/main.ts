/**
 * The `turnout` command line: one entry per command in COMMANDS (its usage, its help and how
 * it runs); each command lives in its own module, loaded when it runs.
 */
import { ApiError } from "../api-client/request";
import { expectPositional, parseArgs, positiveInt, valueOf, type OptionSpec, type Parsed } from "./args";
import { CliError, EXIT_OK, write, type Io } from "./io";
import { outputFormat } from "./output";
import { describeApiError, exitCodeOf } from "./problems";

export interface Command {
  /** One or two lines: how it is called. */
  readonly usage: string;
  /** What it does, its options and exit codes. */
  readonly help: string;
  readonly options: OptionSpec;
  readonly run: (parsed: Parsed, io: Io) => Promise<number>;
}

const OUTPUT = { values: ["--output"], aliases: { "-o": "--output" } } as const;
const server = (spec: OptionSpec): OptionSpec => ({
  flags: spec.flags,
  values: [...(spec.values ?? []), "--project", "--output"],
  repeatable: spec.repeatable,
  aliases: { ...(spec.aliases ?? {}), ...OUTPUT.aliases },
});

/** The project's API for the server commands: credentials, then the token's project unless --project names one. */
async function connected(parsed: Parsed, io: Io) {
  const { connect } = await import("./client");
  return connect(io, valueOf(parsed, "--project"));
}

const files = (parsed: Parsed): string[] => {
  const given = [...(parsed.values.get("--file") ?? [])];
  if (given.length === 0) throw new CliError("give the documents with -f FILE (a file, a directory, or - for stdin)", true);
  expectPositional(parsed, []);
  return given;
};

const SERVER_NOTE = `Server commands use the credentials of \`turnout login\`, or TURNOUT_URL and TURNOUT_TOKEN
(and TURNOUT_PROJECT or --project to name another project than the token's).`;

export const COMMANDS: Record<string, Command> = {
  analyze: {
    usage: "turnout analyze FILE... [--json | -o table|json|yaml]",
    help: `Print the analysis findings of every router document in the files (JSON or YAML, several
documents per YAML stream, directories, - for stdin). Audience documents among them stand in
for the project audiences the routers name. --json prints the findings as one JSON array
(each with its file and router). Exit 1 when any finding is an error.`,
    options: { flags: ["--json"], values: ["--output"], aliases: OUTPUT.aliases },
    run: async (parsed, io) => {
      if (parsed.positional.length === 0) throw new CliError("expected FILE, got nothing", true);
      const format = parsed.flags.has("--json") ? "json" : outputFormat(valueOf(parsed, "--output"));
      const { analyzeCommand } = await import("./analyze");
      return analyzeCommand(parsed.positional, format, io);
    },
  },
  route: {
    usage: "turnout route FILE [--trace] [--random-seed N] < requests.ndjson",
    help: `Print one decision per request line ({"headers", "query", "body", ...}) as the gateway
would decide it with the router document in FILE (JSON or YAML). --trace prints every rule
and condition evaluated; --random-seed makes random splits and shadows reproducible.
Exit 1 when some lines are not valid requests (each gets an error object in its place).`,
    options: { flags: ["--trace"], values: ["--random-seed"] },
    run: async (parsed, io) => {
      const [file] = expectPositional(parsed, ["FILE"]);
      const seedText = valueOf(parsed, "--random-seed");
      if (seedText !== undefined && !/^\d{1,10}$/.test(seedText)) throw new CliError(`--random-seed takes a non-negative integer, not "${seedText}"`, true);
      const { routeCommand } = await import("./route");
      return routeCommand(file!, { trace: parsed.flags.has("--trace"), randomSeed: seedText === undefined ? undefined : Number(seedText) }, io);
    },
  },
  rebalance: {
    usage: "turnout rebalance OLD NEW",
    help: `Print NEW with each sticky split's slot table moved minimally from the same-named rule
in OLD (default rule to default rule; new rules get the canonical table), in NEW's format
(YAML keeps its comments). stderr says what share of sticky keys changes route.`,
    options: {},
    run: async (parsed, io) => {
      const [oldFile, newFile] = expectPositional(parsed, ["OLD", "NEW"]);
      const { rebalanceCommand } = await import("./rebalance");
      return rebalanceCommand(oldFile!, newFile!, io);
    },
  },
  replay: {
    usage: "turnout replay OLD NEW [--json] [--fail-on-new-errors] [--keep-slots] < samples.ndjson",
    help: `Replay recorded requests (the NDJSON of GET …/routers/ROUTER/samples, or request lines
{"headers", "query", "body"}) through the router documents OLD and NEW (JSON or YAML) and
print what changes: requests that change route (from → to), rule hits before and after, new
errors with examples, sticky keys that move, projected requests per second per route, and
fields NEW reads that were not recorded. NEW is taken as a deploy after OLD would freeze it
(sticky keys move minimally); --keep-slots takes its slot tables as written. --json prints
the report as the API answers it. Exit 1 with --fail-on-new-errors when NEW adds errors;
2 on a malformed line (named) or unreadable document.`,
    options: { flags: ["--json", "--fail-on-new-errors", "--keep-slots"] },
    run: async (parsed, io) => {
      const [oldFile, newFile] = expectPositional(parsed, ["OLD", "NEW"]);
      const { replayCommand } = await import("./replay");
      return replayCommand(oldFile!, newFile!, { json: parsed.flags.has("--json"), failOnNewErrors: parsed.flags.has("--fail-on-new-errors"), keepSlots: parsed.flags.has("--keep-slots") }, io);
    },
  },
  login: {
    usage: "turnout login --url URL [--token TOKEN | < token] [--project P]",
    help: `Check an API token (Project → Tokens in the console) with the server and keep it, with the
URL and the token's project, in $TURNOUT_CONFIG or $XDG_CONFIG_HOME/turnout/credentials.json
(~/.config/turnout/credentials.json), readable by you only. Without --token (or with
--token -) the token is read from stdin, out of the shell history and the process list.`,
    options: { values: ["--url", "--token", "--project"] },
    run: async (parsed, io) => {
      expectPositional(parsed, []);
      const url = valueOf(parsed, "--url");
      if (url === undefined) throw new CliError("--url is required: the console's address", true);
      const { loginCommand } = await import("./login");
      return loginCommand({ url, token: valueOf(parsed, "--token"), project: valueOf(parsed, "--project") }, io);
    },
  },
  logout: {
    usage: "turnout logout",
    help: "Delete the credentials file. The token stays valid until an owner revokes it in the console.",
    options: {},
    run: async (parsed, io) => {
      expectPositional(parsed, []);
      const { logoutCommand } = await import("./login");
      return logoutCommand(io);
    },
  },
  get: {
    usage: "turnout get projects | routers | router NAME | audiences | audience NAME | versions ROUTER | version ROUTER N [-o table|json|yaml]",
    help: `Print a table, or with -o json|yaml what scripts read. A router (its draft) and audiences
print as the documents \`apply\` takes, with their kind and the revision they were read at;
\`get router NAME -o yaml > NAME.yaml\`, edit, \`apply -f NAME.yaml\`.
${SERVER_NOTE}`,
    options: server({}),
    run: async (parsed, io) => {
      const format = outputFormat(valueOf(parsed, "--output"));
      const api = await connected(parsed, io);
      const { getCommand } = await import("./get");
      return getCommand(api, parsed.positional, format, io);
    },
  },
  apply: {
    usage: "turnout apply -f FILE... [--dry-run] [--force] [-o table|json|yaml]",
    help: `Make the drafts and audiences what the files say (router documents and audiences, JSON or
YAML, several documents per stream, directories, - for stdin). Every document is checked
before anything is sent. A new router or audience is created; an existing one is replaced
with If-Match: the revision the document records (\`revision:\`, as \`get -o yaml\` writes
it), else the one read just before; --force always overwrites the latest. A document equal
to what the server holds is not written. Prints what changes and the analysis findings.
--dry-run changes nothing. Exit 1 on a conflict (412: both revisions named), a refusal, or
when a router's draft has errors (it is saved, but cannot be deployed); 2 on invalid input.
${SERVER_NOTE}`,
    options: server({ flags: ["--dry-run", "--force"], values: ["--file"], repeatable: ["--file"], aliases: { "-f": "--file" } }),
    run: async (parsed, io) => {
      const paths = files(parsed);
      const format = outputFormat(valueOf(parsed, "--output"));
      const { readResources } = await import("./documents");
      // Every document is checked before credentials or the network are needed.
      const resources = await readResources(paths, io, { forWrite: true, unique: true });
      const api = await connected(parsed, io);
      const { applyCommand } = await import("./apply");
      return applyCommand(api, resources, { dryRun: parsed.flags.has("--dry-run"), force: parsed.flags.has("--force"), format }, io);
    },
  },
  diff: {
    usage: "turnout diff -f FILE... [--against draft|active|N] [-o table|json|yaml]",
    help: `Show how the files differ from the drafts (default), the active versions or version N
(slot tables aside). Audiences are compared with the project's. Exit 1 when anything differs.
${SERVER_NOTE}`,
    options: server({ values: ["--file", "--against"], repeatable: ["--file"], aliases: { "-f": "--file" } }),
    run: async (parsed, io) => {
      const paths = files(parsed);
      const format = outputFormat(valueOf(parsed, "--output"));
      const { diffCommand, parseAgainst } = await import("./diff");
      const against = parseAgainst(valueOf(parsed, "--against"));
      const { readResources } = await import("./documents");
      const resources = await readResources(paths, io);
      return diffCommand(await connected(parsed, io), resources, against, format, io);
    },
  },
  deploy: {
    usage: "turnout deploy ROUTER -m MESSAGE [--revision N] [--wait] [-o table|json|yaml]",
    help: `Deploy the router's draft as its next version. Prints what changes from the active version,
then deploys exactly the draft revision it showed (--revision N: the one you reviewed), sent
as If-Match: a draft changed meanwhile is refused (412, exit 1, both revisions named). The
analysis must find no error (422 with the findings, exit 1). A draft the active version
already serves is not deployed again (exit 0). --wait asks the server to answer once every
live gateway serves the new version, and exits 1 when some still lag at its timeout (the
version stays deployed); servers that cannot wait answer at once.
${SERVER_NOTE}`,
    options: server({ flags: ["--wait"], values: ["--message", "--revision"], aliases: { "-m": "--message" } }),
    run: async (parsed, io) => {
      const [router] = expectPositional(parsed, ["ROUTER"]);
      const message = valueOf(parsed, "--message")?.trim();
      if (!message) throw new CliError("-m MESSAGE is required: say what the deploy changes", true);
      const revisionText = valueOf(parsed, "--revision");
      const format = outputFormat(valueOf(parsed, "--output"));
      const options = { message, wait: parsed.flags.has("--wait"), format, ...(revisionText === undefined ? {} : { revision: positiveInt(revisionText, "--revision") }) };
      const { deployCommand } = await import("./deploy");
      return deployCommand(await connected(parsed, io), router!, options, io);
    },
  },
  rollback: {
    usage: "turnout rollback ROUTER N [-m MESSAGE] [-o table|json|yaml]",
    help: `Deploy version N again (its document and slot tables: sticky keys go back where they were)
as the next version. The draft is left as it is.
${SERVER_NOTE}`,
    options: server({ values: ["--message"], aliases: { "-m": "--message" } }),
    run: async (parsed, io) => {
      const [router, n] = expectPositional(parsed, ["ROUTER", "N"]);
      const version = positiveInt(n!, "the version");
      const format = outputFormat(valueOf(parsed, "--output"));
      const { rollbackCommand } = await import("./deploy");
      return rollbackCommand(await connected(parsed, io), router!, version, valueOf(parsed, "--message"), format, io);
    },
  },
  undeploy: {
    usage: "turnout undeploy ROUTER ROUTE --mode proportional|even|manual [--replacement R] [--weights [RULE:]route=w,...] [--dry-run]",
    help: `Remove ROUTE from the draft: from every split and shadow, giving its weight to each rule's
remaining routes proportionally, evenly, or as --weights says (route=w,... for every rule,
RULE:route=w,... for one; repeatable). A rule where it is the only route needs
--replacement. Prints each rule's split before and after and the share of sticky keys that
move; --dry-run changes nothing. Deploy afterwards to serve the change.
${SERVER_NOTE}`,
    options: server({ flags: ["--dry-run"], values: ["--mode", "--replacement", "--weights"], repeatable: ["--weights"] }),
    run: async (parsed, io) => {
      const [router, route] = expectPositional(parsed, ["ROUTER", "ROUTE"]);
      const { parseMode, undeployCommand } = await import("./undeploy");
      const options = {
        mode: parseMode(valueOf(parsed, "--mode")),
        replacement: valueOf(parsed, "--replacement"),
        weights: parsed.values.get("--weights") ?? [],
        dryRun: parsed.flags.has("--dry-run"),
        format: outputFormat(valueOf(parsed, "--output")),
      };
      return undeployCommand(await connected(parsed, io), router!, route!, options, io);
    },
  },
};

export const USAGE = `Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join("\n")}
  turnout help [COMMAND]

Exit codes: 0 ok · 1 findings, differences, a refusal or a conflict · 2 bad usage, an
unreadable file, invalid JSON/YAML or a schema violation (the file, line and field are named).
`;

const helpOf = (name: string, c: Command) => `Usage: ${c.usage}\n\n${c.help}\n`;

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) throw new CliError("no command given", true);
  if (name === "help" || name === "--help" || name === "-h") {
    const topic = args[0];
    if (topic !== undefined && !COMMANDS[topic]) throw new CliError(`no command "${topic}"`, true);
    await write(io.stdout, topic ? helpOf(topic, COMMANDS[topic]!) : USAGE);
    return EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new CliError(`unknown command "${name}"`, true);
  if (args.includes("--help") || args.includes("-h")) {
    await write(io.stdout, helpOf(name, command));
    return EXIT_OK;
  }
  try {
    return await command.run(parseArgs(args, command.options), io);
  } catch (error) {
    if (error instanceof CliError && error.usage) {
      await write(io.stderr, `turnout ${name}: ${error.message}\n\nUsage: ${command.usage}\n(turnout help ${name} says more)\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Runs the CLI; resolves to the exit code. Errors print to stderr: 2 for bad usage or input, 1 for refusals and failures. */
export async function main(argv: readonly string[], io: Io = process): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      await write(io.stderr, `turnout: ${error.message}\n${error.usage ? `\n${USAGE}` : ""}`);
      return error.exitCode;
    }
    if (error instanceof ApiError) {
      await write(io.stderr, `turnout: ${describeApiError(error)}\n`);
      return exitCodeOf(error);
    }
    throw error;
  }
}

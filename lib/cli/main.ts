/** The `turnout` command line: argument parsing and dispatch; each command lives in its own file. */
import { CliError, EXIT_BAD_INPUT, EXIT_OK, write, type Io } from "./io";

export const USAGE = `Usage:
  turnout analyze <router.json> [--json]
      Print the analysis findings (--json: as a JSON array). Exit 1 when any is an error.
  turnout route <router.json> [--trace] [--random-seed <n>] < requests.ndjson
      Print one decision per request line ({"headers", "query", "body", ...}).
      --trace prints every rule and condition evaluated; --random-seed makes random
      splits and shadows reproducible. Exit 1 when some lines are not valid requests.
  turnout rebalance <old.json> <new.json>
      Print new.json with each sticky split's slot table moved minimally from old.json's.

Exit codes: 0 ok, 1 findings / bad request lines, 2 bad usage or unreadable, invalid JSON
or invalid router documents (the message names the file and the field).
`;

interface Parsed {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
}

function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[]): Parsed {
  const parsed: Parsed = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flags.includes(name) && inline === undefined) parsed.flags.add(name);
    else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new CliError(`${name} needs a value`, true);
      parsed.values.set(name, value);
    } else throw new CliError(`unknown option ${arg}`, true);
  }
  return parsed;
}

function expectFiles(parsed: Parsed, names: string[]): string[] {
  if (parsed.positional.length !== names.length) {
    throw new CliError(`expected ${names.join(" and ")}, got ${parsed.positional.length === 0 ? "nothing" : parsed.positional.join(" ")}`, true);
  }
  return parsed.positional;
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "analyze": {
      const parsed = parseArgs(args, ["--json"], []);
      const [file] = expectFiles(parsed, ["<router.json>"]);
      // Commands load on demand: the analysis (automata, regex parsing) is not needed to route.
      const { analyzeCommand } = await import("./analyze");
      return analyzeCommand(file!, parsed.flags.has("--json"), io);
    }
    case "route": {
      const parsed = parseArgs(args, ["--trace"], ["--random-seed"]);
      const [file] = expectFiles(parsed, ["<router.json>"]);
      const seedText = parsed.values.get("--random-seed");
      if (seedText !== undefined && !/^\d{1,10}$/.test(seedText)) throw new CliError(`--random-seed takes a non-negative integer, not "${seedText}"`, true);
      const { routeCommand } = await import("./route");
      return routeCommand(file!, { trace: parsed.flags.has("--trace"), randomSeed: seedText === undefined ? undefined : Number(seedText) }, io);
    }
    case "rebalance": {
      const parsed = parseArgs(args, [], []);
      const [oldFile, newFile] = expectFiles(parsed, ["<old.json>", "<new.json>"]);
      const { rebalanceCommand } = await import("./rebalance");
      return rebalanceCommand(oldFile!, newFile!, io);
    }
    case "help":
    case "--help":
    case "-h":
      await write(io.stdout, USAGE);
      return EXIT_OK;
    case undefined:
      throw new CliError("no command given", true);
    default:
      throw new CliError(`unknown command "${command}"`, true);
  }
}

/** Runs the CLI; resolves to the exit code. Bad usage and bad input print to stderr and give 2. */
export async function main(argv: readonly string[], io: Io = process): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    await write(io.stderr, `turnout: ${error.message}\n${error.usage ? `\n${USAGE}` : ""}`);
    return EXIT_BAD_INPUT;
  }
}

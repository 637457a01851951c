/** Command-line options: `--flag`, `--name value`, `--name=value`, short aliases (`-o json`), repeatable options. */
import { CliError } from "./io";

export interface OptionSpec {
  /** Options without a value: `--json`, `--dry-run`. */
  readonly flags?: readonly string[];
  /** Options with a value: `--output json`. */
  readonly values?: readonly string[];
  /** Of `values`, those that may be given several times (`-f a.yaml -f b.yaml`). */
  readonly repeatable?: readonly string[];
  /** Short names: `{ "-o": "--output" }`. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface Parsed {
  readonly positional: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string[]>;
}

export function parseArgs(args: readonly string[], spec: OptionSpec = {}): Parsed {
  const flags = spec.flags ?? [];
  const valued = spec.values ?? [];
  const parsed: Parsed = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positional.push(arg);
      continue;
    }
    const [given, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = spec.aliases?.[given] ?? given;
    if (flags.includes(name) && inline === undefined) {
      parsed.flags.add(name);
    } else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new CliError(`${given} needs a value`, true);
      const seen = parsed.values.get(name);
      if (seen && !spec.repeatable?.includes(name)) throw new CliError(`${given} is given twice`, true);
      parsed.values.set(name, [...(seen ?? []), value]);
    } else {
      throw new CliError(`unknown option ${arg}`, true);
    }
  }
  return parsed;
}

/** The one value of an option, or undefined. */
export function valueOf(parsed: Parsed, name: string): string | undefined {
  return parsed.values.get(name)?.[0];
}

/** Exactly these positional arguments, or a usage error naming what is missing or extra. */
export function expectPositional(parsed: Parsed, names: readonly string[]): string[] {
  if (parsed.positional.length !== names.length) {
    const got = parsed.positional.length === 0 ? "nothing" : parsed.positional.join(" ");
    throw new CliError(names.length === 0 ? `unexpected argument ${got}` : `expected ${names.join(" and ")}, got ${got}`, true);
  }
  return parsed.positional;
}

/** A positive integer argument (a version number, a revision). */
export function positiveInt(text: string, what: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new CliError(`${what} must be a positive integer, not "${text}"`, true);
  return Number(text);
}

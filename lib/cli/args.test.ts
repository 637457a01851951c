import { describe, expect, it } from "vitest";
import { parseArgs } from "./args";
import { CliError } from "./io";
import { parseWeights } from "./undeploy";

describe("options", () => {
  it("takes short names, inline values and repeated options", () => {
    const parsed = parseArgs(["-f", "a.yaml", "--file=b.yaml", "-", "--dry-run", "-o", "json"], { flags: ["--dry-run"], values: ["--file", "--output"], repeatable: ["--file"], aliases: { "-f": "--file", "-o": "--output" } });
    expect(parsed.values.get("--file")).toEqual(["a.yaml", "b.yaml"]);
    expect(parsed.positional).toEqual(["-"]);
    expect(parsed.flags.has("--dry-run")).toBe(true);
    expect(() => parseArgs(["-o", "json", "-o", "yaml"], { values: ["--output"], aliases: { "-o": "--output" } })).toThrow(/given twice/);
    expect(() => parseArgs(["--nope"], {})).toThrow(/unknown option --nope/);
    expect(() => parseArgs(["-m"], { values: ["--message"], aliases: { "-m": "--message" } })).toThrow(/-m needs a value/);
  });

  it("reads undeploy weights for every rule or for one", () => {
    expect(parseWeights(["stable=60,canary=40", "ny-users:stable=100"])).toEqual({ all: { stable: 60, canary: 40 }, byRule: { "ny-users": { stable: 100 } } });
    expect(parseWeights(["a=33.34, b=66.66"])).toEqual({ all: { a: 33.34, b: 66.66 }, byRule: {} });
    for (const bad of [["stable"], ["stable=x"], ["Stable=1"], ["a=1=2"], ["a=1,a=2"], ["a=1", "b=2"], ["r:a=1", "r:b=2"]]) expect(() => parseWeights(bad)).toThrow(CliError);
  });
});

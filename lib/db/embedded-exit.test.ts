import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs a script that imports the embedded database module and ends on its own. */
function exitCodeOf(body: string): number | null {
  const script = `import "./lib/db/embedded.ts";\n${body}`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return run.status;
}

describe("a process that loads the embedded database", () => {
  // The test runner reports failures through process.exitCode: CI must see them.
  it("keeps a failure exit code set before it ends", () => {
    expect(exitCodeOf("process.exitCode = 3;")).toBe(3);
  });

  it("still exits 0 when nothing failed", () => {
    expect(exitCodeOf("")).toBe(0);
  });
});

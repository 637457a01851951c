import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "../engine/murmur3";
import { canonicalTable, decodeSlots, movedShare } from "../engine/slots";
import { routerDocumentSchema, type RouterDocumentInput } from "../router/document";
import { turnoutInProcess } from "../testing/cli";

const BIN = path.resolve(import.meta.dirname, "../../bin/turnout.mjs");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function turnout(args: string[], input = ""): Promise<Result> {
  return new Promise((resolve, reject) => {
    // Run from the temp folder: the CLI must not depend on the working directory.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let dir = "";
const file = (name: string) => path.join(dir, name);
const write = (name: string, value: unknown) => writeFile(file(name), typeof value === "string" ? value : JSON.stringify(value, null, 2));

const router: RouterDocumentInput = {
  name: "fraud-scorer",
  settings: { allowPin: true },
  routes: [
    { name: "stable", url: "http://127.0.0.1:9001" },
    { name: "canary", url: "http://127.0.0.1:9002" },
  ],
  audiences: [
    {
      name: "new-york",
      conditions: [
        { source: "payload", key: "metadata.location", operator: "in", values: ["new-york"] },
        { source: "payload", key: "metadata.age", operator: "range", values: [10, 30] },
      ],
    },
  ],
  rules: [
    {
      name: "ny-users",
      audience: "new-york",
      conditions: [],
      strategy: "sticky",
      split: [
        { route: "stable", weight: 90 },
        { route: "canary", weight: 10 },
      ],
    },
  ],
  defaultRule: {
    strategy: "random",
    split: [
      { route: "stable", weight: 99 },
      { route: "canary", weight: 1 },
    ],
    shadows: [{ route: "canary", percent: 10 }],
  },
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "turnout-cli-"));
  await write("router.json", router);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = (text: string) => text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("turnout route", { timeout: 60_000 }, () => {
  it("prints one decision per request line", async () => {
    const ny = { metadata: { location: "new-york", age: 20 } };
    const input = [
      { body: { ...ny, dispatch: { dispatchKey: "u-42" } } },
      { headers: { "X-Shard-Key": "u-7" }, body: ny },
      { headers: { "x-turnout-route": "canary" } },
      { body: ny },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const result = await turnout(["route", "router.json"], `${input}\n`);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const table = canonicalTable([
      { route: "stable", weight: 90 },
      { route: "canary", weight: 10 },
    ]);
    expect(lines(result.stdout)).toEqual([
      { rule: "ny-users", route: table[bucketOf("fraud-scorer", "u-42")], shadows: [], sticky: true, key: "u-42" },
      { rule: "ny-users", route: table[bucketOf("fraud-scorer", "u-7")], shadows: [], sticky: true, key: "u-7" },
      { rule: "default", route: "canary", shadows: [], sticky: false, pinned: true },
      { error: { status: 400, code: "missing_key", message: expect.stringContaining("x-shard-key") } },
    ]);
  });

  it("answers a bad line with an error naming its line number, carries on, and exits 1", async () => {
    const input = ['{"headers":{"x-turnout-route":"stable"}}', "", "not json", '{"unknown":1}', '{"headers":{"x":1}}', '{"headers":{"x-turnout-route":"stable"}}'].join("\n");
    const result = await turnout(["route", "router.json"], input);
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ route: "stable", pinned: true });
    expect(out[1]).toEqual({ line: 3, error: { status: 400, code: "invalid_request", message: expect.stringMatching(/^line 3: invalid JSON/) } });
    expect(out[2]).toMatchObject({ line: 4, error: { message: expect.stringContaining("unknown") } });
    expect(out[3]).toMatchObject({ line: 5, error: { message: expect.stringContaining("headers.x") } });
    expect(out[4]).toMatchObject({ route: "stable", pinned: true });
    expect(result.stderr).toContain("3 of the input lines were not valid requests");
  });

  it("makes random draws reproducible with --random-seed, and prints traces with --trace", async () => {
    const input = Array.from({ length: 30 }, () => "{}").join("\n");
    const a = await turnout(["route", "router.json", "--random-seed", "7"], input);
    const b = await turnout(["route", "--random-seed=7", "router.json"], input);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(lines(a.stdout)).toHaveLength(30);

    const trace = await turnout(["route", "router.json", "--trace"], '{"body":{"metadata":{"location":"boston","age":20}}}\n');
    const [t] = lines(trace.stdout);
    expect(t).toMatchObject({
      rules: [
        { rule: "ny-users", audience: "new-york", matched: false, conditions: [{ audience: "new-york", value: "boston", passed: false }, { value: "20", passed: true }] },
        { rule: "default", chosen: true },
      ],
      decision: { rule: "default" },
    });
  });
});

describe("turnout analyze", { timeout: 60_000 }, () => {
  it("prints no findings and exits 0 for a clean router", async () => {
    const result = await turnout(["analyze", "router.json"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("router.json: no findings");
    const json = await turnout(["analyze", "router.json", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it("prints errors and overlaps with their witness, and exits 1 on errors", async () => {
    await write("bad.json", {
      ...router,
      rules: [
        ...router.rules!,
        {
          name: "ny-header",
          conditions: [{ source: "payload", key: "metadata.location", operator: "in", values: ["new-york"] }],
          strategy: "random",
          split: [{ route: "stable", weight: 90 }],
        },
      ],
    });
    const result = await turnout(["analyze", "bad.json"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+weights_sum at rules\.1\.split/);
    expect(result.stdout).toMatch(/warning\s+overlap at rules\.1/);
    expect(result.stdout).toMatch(/witness: \{.*"new-york"/);
    expect(result.stdout).toMatch(/bad\.json: \d+ errors?, \d+ warnings?/);

    const json = await turnout(["analyze", "bad.json", "--json"]);
    expect(json.code).toBe(1);
    const findings = JSON.parse(json.stdout) as { code: string; witness?: unknown }[];
    expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(["weights_sum", "overlap"]));
    expect(findings.find((f) => f.code === "overlap")?.witness).toBeDefined();
  });

  it("exits 0 on warnings alone", async () => {
    await write("warn.json", {
      ...router,
      rules: [...router.rules!, { name: "ny-too", conditions: [{ source: "payload", key: "metadata.location", operator: "in", values: ["new-york"] }], strategy: "random", split: [{ route: "stable", weight: 100 }] }],
    });
    const result = await turnout(["analyze", "warn.json"]);
    expect(result.stdout).toMatch(/warning\s+overlap/);
    expect(result.code).toBe(0);
  });
});

describe("turnout rebalance", { timeout: 60_000 }, () => {
  it("moves each sticky split's slots minimally from the old table, by rule name", async () => {
    await write("new.json", {
      ...router,
      rules: [
        { name: "fresh", conditions: [{ source: "header", key: "x-beta", operator: "present", values: [] }], strategy: "sticky", split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }] },
        { ...router.rules![0]!, split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }] },
      ],
      defaultRule: { ...router.defaultRule!, strategy: "sticky" },
    });
    const result = await turnout(["rebalance", "router.json", "new.json"]);
    expect(result.code).toBe(0);
    const printed = routerDocumentSchema.parse(JSON.parse(result.stdout));
    const [fresh, ny] = printed.rules;
    expect(ny!.slots).toBe("stable:8000,canary:2000");
    expect(fresh!.slots).toBe("stable:5000,canary:5000");
    expect(printed.defaultRule!.slots).toBe("stable:9900,canary:100");
    expect(result.stderr).toContain("rules.1 (ny-users): 10.00 % of sticky keys change route (the minimum)");
    expect(result.stderr).toContain("rules.0 (fresh): new rule: canonical table");
    // The rest of new.json is printed as written, without defaults filled in.
    expect(JSON.parse(result.stdout).settings).toEqual({ allowPin: true });

    // Rebalancing again from the stored table: the history is kept, not recomputed.
    await write("rebalanced.json", result.stdout);
    await write("newer.json", { ...JSON.parse(result.stdout), rules: [fresh, { ...ny, split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }] }] });
    const again = await turnout(["rebalance", "rebalanced.json", "newer.json"]);
    expect(again.code).toBe(0);
    const next = routerDocumentSchema.parse(JSON.parse(again.stdout)).rules[1]!;
    const before = decodeSlots(ny!.slots!);
    const after = decodeSlots(next.slots!);
    if (!before.ok || !after.ok) throw new Error("tables must decode");
    expect(movedShare(before.table, after.table)).toBe(0.3);
    expect(again.stderr).toContain("30.00 % of sticky keys change route (the minimum)");
  });

  it("writes nothing but the document on stdout", async () => {
    const result = await turnout(["rebalance", "router.json", "router.json"]);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toContain("no sticky key changes route");
  });
});

describe("bad input exits 2 with a message naming the file and the field", { timeout: 60_000 }, () => {
  it("an unreadable file", async () => {
    const result = await turnout(["analyze", "missing.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing.json: cannot read: no such file");
    expect(result.stdout).toBe("");
  });

  it("invalid JSON", async () => {
    await write("broken.json", '{"name": "x",');
    const results = await Promise.all([["analyze", "broken.json"], ["route", "broken.json"], ["rebalance", "router.json", "broken.json"]].map((args) => turnout(args)));
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("broken.json: invalid JSON");
    }
  });

  it("a schema violation, with every failing field path", async () => {
    await write("invalid.json", {
      ...router,
      routes: [{ name: "stable", url: "ftp://nope" }, router.routes![1]],
      rules: [{ ...router.rules![0]!, split: [{ route: "stable", weight: 120 }] }],
    });
    const result = await turnout(["route", "invalid.json"], "{}\n");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("invalid.json: not a valid router document");
    expect(result.stderr).toContain("routes.0.url: must be an http or https URL");
    expect(result.stderr).toContain("rules.0.split.0.weight: must be between 0 and 100");
    const old = await turnout(["rebalance", "invalid.json", "router.json"]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain("invalid.json");
  });

  it("bad usage", async () => {
    const cases = [[], ["analyse", "router.json"], ["analyze"], ["analyze", "router.json", "--yaml"], ["rebalance", "router.json"], ["route", "router.json", "--random-seed", "x"]];
    const results = await Promise.all(cases.map((args) => turnout(args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.join(" ")).toBe(2);
      expect(result.stderr).toContain("Usage:");
    });
    const help = await turnout(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("turnout rebalance OLD NEW");
    const one = await turnout(["apply", "--help"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^Usage: turnout apply -f FILE\.\.\./);
    expect(one.stdout).toContain("--dry-run changes nothing");
  });
});

describe("YAML documents", { timeout: 60_000 }, () => {
  // Most runs in this process: the child-process runs above and a few here cover the bin itself.
  const inProcess = (args: string[], input = "") => turnoutInProcess(args, { cwd: dir, stdin: input });

  const yamlRouter = [
    "# the router as `turnout get router fraud-scorer -o yaml` prints it",
    "kind: router",
    "revision: 4",
    "name: fraud-scorer",
    "settings: { allowPin: true }",
    "routes:",
    "  - { name: stable, url: 'http://127.0.0.1:9001' }",
    "  - { name: canary, url: 'http://127.0.0.1:9002' }",
    "rules:",
    "  - name: ny-users",
    "    audience: new-york   # defined in audiences.yaml, not here",
    "    strategy: sticky",
    "    split:",
    "      - { route: stable, weight: 80 }   # was 90",
    "      - { route: canary, weight: 20 }",
    "defaultRule:",
    "  strategy: random",
    "  split: [{ route: stable, weight: 100 }]",
    "",
  ].join("\n");
  const audiences = "kind: audience\nname: new-york\nconditions:\n  - { source: payload, key: metadata.location, operator: in, values: [new-york] }\n";

  it("analyze reads a YAML stream and takes the audiences it holds for the routers that name them", async () => {
    await write("fraud.yaml", yamlRouter);
    await write("audiences.yaml", `${audiences}---\nkind: audience\nname: unused\nconditions: [{ source: header, key: x, operator: present, values: [] }]\n`);
    const alone = await turnout(["analyze", "fraud.yaml"]);
    expect(alone.code).toBe(1);
    expect(alone.stdout).toMatch(/error\s+unknown_audience at rules\.0/);

    const both = await inProcess(["analyze", "audiences.yaml", "fraud.yaml", "--json"]);
    expect(both.stderr).toBe("");
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout)).toEqual([]);

    // The same documents as one stream on stdin.
    const stdin = await inProcess(["analyze", "-"], `${audiences}---\n${yamlRouter.replace("weight: 20", "weight: 30")}`);
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toMatch(/error\s+weights_sum at rules\.0\.split/);
    expect(stdin.stdout).toContain("(stdin) (document 2): 1 error, 0 warnings");
  });

  it("rebalance prints YAML back with its comments, and route reads YAML", async () => {
    const embedded = "audiences:\n  - name: new-york\n    conditions: [{ source: payload, key: metadata.location, operator: in, values: [new-york] }]\n";
    await write("before.yaml", yamlRouter.replace("weight: 80", "weight: 90").replace("weight: 20", "weight: 10") + embedded);
    const before = await inProcess(["analyze", "before.yaml"]);
    expect(before.code, before.stdout + before.stderr).toBe(0);
    const result = await turnout(["rebalance", "before.yaml", "fraud.yaml"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("# the router as `turnout get router fraud-scorer -o yaml` prints it");
    expect(result.stdout).toContain("audience: new-york # defined in audiences.yaml, not here");
    expect(result.stdout).toMatch(/slots: stable:8000,canary:2000/);
    expect(result.stderr).toContain("rules.0 (ny-users): 10.00 % of sticky keys change route (the minimum)");

    const routed = await inProcess(["route", "before.yaml"], '{"body":{"metadata":{"location":"new-york"}},"headers":{"x-shard-key":"u-1"}}\n');
    expect(routed.code, routed.stderr).toBe(0);
    expect(lines(routed.stdout)[0]).toMatchObject({ rule: "ny-users", sticky: true, key: "u-1" });
  });

  it("a YAML error exits 2 with its line and column; a schema error names the field and its line", async () => {
    await write("broken.yaml", "kind: router\nname: x\nroutes:\n  - name: a\n    url: http://x\n   bad: [1\n");
    const broken = await turnout(["analyze", "broken.yaml"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^turnout: broken\.yaml: invalid YAML at line 6, column \d+: /);

    await write("wrong.yaml", "name: x\nroutes:\n  - name: a\n    url: http://127.0.0.1:1\n    timeoutMs: fast\n");
    const wrong = await inProcess(["route", "wrong.yaml"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("wrong.yaml: not a valid router document:\n  routes.0.timeoutMs: must be a number (line 5, column 16)");
  });
});

describe("the bin file", () => {
  it("is what package.json points at", async () => {
    const pkg = JSON.parse(await readFile(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { bin: Record<string, string> };
    expect(path.resolve(import.meta.dirname, "../..", pkg.bin.turnout!)).toBe(BIN);
  });
});

import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { startApiTest, type ApiTest, type Client } from "@/lib/http/test-client";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { turnoutInProcess, turnoutProcess, type CliRun } from "@/lib/testing/cli";

/**
 * The server commands against the real route handlers over HTTP and a fresh PostgreSQL
 * database. The main journeys run bin/turnout.mjs as a child process, as users run it;
 * the rest call `main` in-process with the same arguments and environment.
 */

let t: ApiTest;
let dir = "";
let P = "";
let writer: Client;
let writeToken = "";
let readToken = "";

const file = (name: string) => path.join(dir, name);
/** The environment of a user who logged in with the write token (TURNOUT_CONFIG names the credentials file). */
const asWriter = (): Record<string, string> => ({ TURNOUT_URL: t.server.url, TURNOUT_TOKEN: writeToken });
const asReader = (): Record<string, string> => ({ TURNOUT_URL: t.server.url, TURNOUT_TOKEN: readToken });
const cli = (args: string[], run: CliRun = {}) => turnoutInProcess(args, { cwd: dir, ...run, env: { TURNOUT_CONFIG: file("none.json"), ...asWriter(), ...run.env } });
const proc = (args: string[], run: CliRun = {}) => turnoutProcess(args, { cwd: dir, ...run, env: { TURNOUT_CONFIG: file("none.json"), ...asWriter(), ...run.env } });

async function revisionOf(router: string): Promise<number> {
  const res = await writer.get(`${P}/routers/${router}`);
  return res.body.revision;
}

/** A router whose rule names a project audience it also embeds, and a sticky default: every normalisation at once. */
const audienceRouter = (name: string) => ({
  ...sampleRouter(name),
  description: "round trip",
  audiences: [{ name: "vip", description: "paying users", conditions: [{ source: "header", key: "x-vip", operator: "present", values: [] }] }],
  rules: [
    ...sampleRouter(name).rules,
    { name: "vips", audience: "vip", conditions: [{ source: "query", key: "plan", operator: "in", values: ["gold", "1"] }], strategy: "random", split: [{ route: "stable", weight: 33.33 }, { route: "canary", weight: 66.67 }], shadows: [{ route: "canary", percent: 12.5 }] },
  ],
});

beforeAll(async () => {
  t = await startApiTest();
  const project = await t.project("demo");
  P = project.path;
  writer = project.writer;
  writeToken = project.token;
  const read = await t.admin.post(`${P}/tokens`, { name: "reader", scope: "read" });
  readToken = read.body.token;
  dir = await mkdtemp(path.join(tmpdir(), "turnout-cli-server-"));
  expect((await writer.post(`${P}/audiences`, { name: "vip", description: "paying users", conditions: [{ source: "header", key: "x-vip", operator: "present", values: [] }] })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("login", { timeout: 120_000 }, () => {
  it("keeps the token in a file only its owner can read, and the server's project with it", async () => {
    const config = file("login/credentials.json");
    const env = { TURNOUT_CONFIG: config, TURNOUT_URL: undefined, TURNOUT_TOKEN: undefined };
    const login = await turnoutProcess(["login", "--url", `${t.server.url}/`, "--token", writeToken], { env });
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    expect(login.stdout).toContain("of project demo");
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(config))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(config, "utf8"))).toEqual({ url: t.server.url, token: writeToken, project: "demo" });

    const routers = await turnoutProcess(["get", "projects"], { env });
    expect(routers.code).toBe(0);
    expect(routers.stdout).toMatch(/^PROJECT\s+DISPLAY NAME/);
    expect(routers.stdout).toContain("demo");

    const out = await turnoutInProcess(["logout"], { env });
    expect(out.code).toBe(0);
    await expect(stat(config)).rejects.toThrow();
    const after = await turnoutInProcess(["get", "routers"], { env });
    expect(after.code).toBe(2);
    expect(after.stderr).toContain("not logged in: run `turnout login --url <console address> --token <API token>`");
  });

  it("reads the token from stdin, and refuses a token the server does not know", async () => {
    const env = { TURNOUT_CONFIG: file("login2/credentials.json"), TURNOUT_URL: undefined, TURNOUT_TOKEN: undefined };
    const piped = await turnoutInProcess(["login", "--url", t.server.url], { env, stdin: `${readToken}\n` });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain("as token reader (read) of project demo");

    const bad = await turnoutInProcess(["login", "--url", t.server.url, "--token", "trn_not-a-token"], { env: { ...env, TURNOUT_CONFIG: file("login3/credentials.json") } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("the credentials are not valid (HTTP 401 unauthenticated)");
    await expect(stat(file("login3/credentials.json"))).rejects.toThrow();

    const other = await turnoutInProcess(["login", "--url", t.server.url, "--token", readToken, "--project", "elsewhere"], { env: { ...env, TURNOUT_CONFIG: file("login4/credentials.json") } });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("this token belongs to project demo");
  });

  it("says how to log in when there is no token, and refuses a credentials file others can read", async () => {
    const none = await cli(["get", "routers"], { env: { TURNOUT_URL: undefined, TURNOUT_TOKEN: undefined } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/not logged in: run `turnout login .*`, or set TURNOUT_URL and TURNOUT_TOKEN/);

    const open = file("open/credentials.json");
    const env = { TURNOUT_CONFIG: open, TURNOUT_URL: undefined, TURNOUT_TOKEN: undefined };
    expect((await turnoutInProcess(["login", "--url", t.server.url, "--token", writeToken], { env })).code).toBe(0);
    const { chmod } = await import("node:fs/promises");
    await chmod(open, 0o644);
    const refused = await turnoutInProcess(["get", "routers"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("readable by others (mode 644)");
  });

  it("never sends the stored token to another server named by TURNOUT_URL", async () => {
    const env = { TURNOUT_CONFIG: file("login5/credentials.json"), TURNOUT_URL: undefined, TURNOUT_TOKEN: undefined };
    expect((await turnoutInProcess(["login", "--url", t.server.url, "--token", writeToken], { env })).code).toBe(0);
    const elsewhere = await turnoutInProcess(["get", "routers"], { env: { ...env, TURNOUT_URL: "http://127.0.0.1:1" } });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("is not the server you logged in to");
  });
});

describe("get -o yaml, then apply", { timeout: 180_000 }, () => {
  it("applying what get printed changes nothing: no write, no new revision", async () => {
    expect((await writer.post(`${P}/routers`, audienceRouter("round-trip"))).status).toBe(201);
    const before = await revisionOf("round-trip");
    const events = (await writer.get(`${P}/events?limit=200`)).body.items.length;

    const yaml = await proc(["get", "router", "round-trip", "-o", "yaml"]);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^# Router round-trip of project demo: the draft at revision \d+/);
    const manifest = parseYaml(yaml.stdout);
    expect(manifest).toMatchObject({ kind: "router", revision: before, name: "round-trip" });
    await writeFile(file("round-trip.yaml"), yaml.stdout);

    const applied = await proc(["apply", "-f", "round-trip.yaml"]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toBe(`router round-trip: unchanged (revision ${before})\n`);

    // JSON too, and the file without its revision or its embedded audiences (the server fills those in).
    const json = await cli(["get", "router", "round-trip", "-o", "json"]);
    const { revision: _r, audiences: _a, ...bare } = JSON.parse(json.stdout);
    await writeFile(file("round-trip.json"), JSON.stringify(bare));
    const again = await cli(["apply", "-f", "round-trip.json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("unchanged");

    expect(await revisionOf("round-trip")).toBe(before);
    expect((await writer.get(`${P}/events?limit=200`)).body.items.length).toBe(events);
  });

  it("applies an edit with the file's revision, prints the change and the findings", async () => {
    expect((await writer.post(`${P}/routers`, sampleRouter("edited"))).status).toBe(201);
    const yaml = (await cli(["get", "router", "edited", "-o", "yaml"])).stdout;
    const edited = yaml.replace(/weight: 90$/m, "weight: 80").replace(/weight: 10$/m, "weight: 20");
    await writeFile(file("edited.yaml"), edited);
    const before = await revisionOf("edited");

    const dry = await cli(["apply", "-f", "edited.yaml", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("router edited: would be updated");
    expect(dry.stdout).toContain("~ default rule: split stable 90, canary 10 → stable 80, canary 20");
    expect(await revisionOf("edited")).toBe(before);

    const applied = await cli(["apply", "-f", "edited.yaml"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`router edited: updated (now revision ${before + 1})`);
    expect(applied.stdout).toContain("~ default rule: split stable 90, canary 10 → stable 80, canary 20");
    expect(applied.stdout).toContain("findings of router edited: no findings");
    expect((await writer.get(`${P}/routers/edited/config`)).body.defaultRule.split).toEqual([{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }]);
  });

  it("a stale revision exits 1 naming both revisions and changes nothing; --force overwrites", async () => {
    expect((await writer.post(`${P}/routers`, sampleRouter("stale"))).status).toBe(201);
    const yaml = (await cli(["get", "router", "stale", "-o", "yaml"])).stdout;
    const read = parseYaml(yaml).revision as number;
    // Someone else edits the draft meanwhile.
    const config = await writer.get(`${P}/routers/stale/config`);
    expect((await writer.put(`${P}/routers/stale/config`, { ...config.body, description: "theirs" }, { ifMatch: read })).status).toBe(200);

    await writeFile(file("stale.yaml"), yaml.replace(/weight: 90$/m, "weight: 70").replace(/weight: 10$/m, "weight: 30"));
    const refused = await proc(["apply", "-f", "stale.yaml"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("router stale: not applied: conflict");
    expect(refused.stdout).toContain(`the file has revision ${read}, the server is at revision ${read + 1}`);
    expect((await writer.get(`${P}/routers/stale/config`)).body).toMatchObject({ description: "theirs", defaultRule: { split: [{ weight: 90 }, { weight: 10 }] } });

    const forced = await cli(["apply", "-f", "stale.yaml", "--force"]);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain('~ description "theirs" → (none)');
    expect((await writer.get(`${P}/routers/stale/config`)).body.defaultRule.split).toEqual([{ route: "stable", weight: 70 }, { route: "canary", weight: 30 }]);
  });

  it("a read token cannot apply: exit 1 with the server's 403 detail", async () => {
    await writeFile(file("reader.yaml"), "kind: router\nname: by-reader\nroutes:\n  - name: a\n    url: http://127.0.0.1:9001\n");
    const refused = await proc(["apply", "-f", "reader.yaml"], { env: asReader() });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("router by-reader: not applied");
    expect(refused.stdout).toContain("this needs the editor role in project 'demo' (you are viewer) (HTTP 403 forbidden)");
    expect((await writer.get(`${P}/routers/by-reader`)).status).toBe(404);
  });
});

describe("bad input exits 2 before anything is sent", { timeout: 120_000 }, () => {
  it("YAML errors with line and column", async () => {
    await writeFile(file("broken.yaml"), "kind: router\nname: broken\nroutes:\n  - name: a\n    url: [http://x\n");
    const result = await proc(["apply", "-f", "broken.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml: invalid YAML at line \d+, column \d+: /);
    expect(result.stdout).toBe("");
    expect((await writer.get(`${P}/routers/broken`)).status).toBe(404);
  });

  it("schema errors with field paths and lines, and nothing applied from a stream with one bad document", async () => {
    await writeFile(
      file("stream.yaml"),
      [
        "kind: audience\nname: beta\nconditions:\n  - { source: header, key: x-beta, operator: present, values: [] }",
        "kind: router\nname: stream-ok\nroutes:\n  - { name: a, url: 'http://127.0.0.1:9001' }",
        "kind: router\nname: stream-bad\nroutes:\n  - name: a\n    url: ftp://nope\nrules:\n  - name: r\n    strategy: random\n    split:\n      - route: a\n        weight: 120\n    extra: 1\n",
      ].join("\n---\n"),
    );
    const result = await cli(["apply", "-f", "stream.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("stream.yaml (document 3): not a valid router document:");
    // Lines count from the top of the file, across its documents.
    expect(result.stderr).toContain("routes.0.url: must be an http or https URL (line 15, column 10)");
    expect(result.stderr).toContain("rules.0.split.0.weight: must be between 0 and 100 (line 21, column 17)");
    expect(result.stderr).toContain("rules.0.extra: unknown field 'extra' (line 22, column 12)");
    expect((await writer.get(`${P}/routers/stream-ok`)).status).toBe(404);
    expect((await writer.get(`${P}/audiences/beta`)).status).toBe(404);
  });

  it("the server's own 422 names the fields too", async () => {
    await writeFile(file("undefined.yaml"), "name: undefined-route\nroutes:\n  - { name: a, url: 'http://127.0.0.1:9001' }\ndefaultRule: { strategy: random, split: [{ route: b, weight: 100 }] }\n");
    const result = await cli(["apply", "-f", "undefined.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("defaultRule.split.0.route: route 'b' is not defined in routes");
  });
});

describe("apply, deploy, rollback", { timeout: 300_000 }, () => {
  it("round trip from a YAML file on stdin to a rollback", async () => {
    const doc = (canary: number) =>
      [
        "# fraud scorer: canary on the default rule",
        "kind: router",
        "name: journey",
        "routes:",
        "  - { name: stable, url: 'http://127.0.0.1:9001' }",
        "  - { name: canary, url: 'http://127.0.0.1:9002' }",
        "defaultRule:",
        "  strategy: sticky",
        `  split: [{ route: stable, weight: ${100 - canary} }, { route: canary, weight: ${canary} }]`,
        "",
      ].join("\n");

    const created = await proc(["apply", "-f", "-"], { stdin: doc(10) });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("router journey: created (revision 1)");

    const first = await proc(["deploy", "journey", "-m", "canary at 10 %"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("+ router journey: first deploy");
    expect(first.stdout).toContain("deployed router journey: version 1 (draft revision 1) is active");

    const nothing = await proc(["deploy", "journey", "-m", "again"]);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stdout).toContain("nothing to deploy: the draft (revision 1) is what version 1 serves");

    await writeFile(file("journey.yaml"), doc(20));
    expect((await cli(["apply", "-f", "journey.yaml"])).code).toBe(0);
    const second = await cli(["deploy", "journey", "-m", "canary at 20 %", "--wait", "-o", "json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ router: "journey", deployed: true, version: 2, revision: 2, changes: ["~ default rule: split stable 90, canary 10 → stable 80, canary 20"] });

    const rollback = await proc(["rollback", "journey", "1"]);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain("rolled back router journey: version 3 (the document and slot tables of version 1) is active, replacing version 2");
    expect(rollback.stdout).toContain("~ default rule: split stable 80, canary 20 → stable 90, canary 10");

    const versions = await cli(["get", "versions", "journey", "-o", "json"]);
    expect(JSON.parse(versions.stdout).map((v: { number: number; active: boolean }) => [v.number, v.active])).toEqual([[3, true], [2, false], [1, false]]);
    const [v1, v3] = await Promise.all([writer.get(`${P}/routers/journey/versions/1`), writer.get(`${P}/routers/journey/versions/3`)]);
    expect(v3.body.document).toEqual(v1.body.document);

    const table = await cli(["get", "versions", "journey"]);
    expect(table.stdout).toMatch(/^VERSION\s+CREATED\s+AUTHOR\s+MESSAGE\n3 \(active\)/);
    expect(table.stdout).toContain("Rollback to version 1");
  });

  it("deploys only the revision that was reviewed", async () => {
    expect((await writer.post(`${P}/routers`, sampleRouter("reviewed"))).status).toBe(201);
    const rev = await revisionOf("reviewed");
    const config = await writer.get(`${P}/routers/reviewed/config`);
    expect((await writer.put(`${P}/routers/reviewed/config`, { ...config.body, description: "changed after review" }, { ifMatch: rev })).status).toBe(200);
    const refused = await cli(["deploy", "reviewed", "-m", "reviewed", "--revision", String(rev)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`you reviewed revision ${rev}, the draft is now at revision ${rev + 1}`);
    expect((await writer.get(`${P}/routers/reviewed/versions`)).body.items).toEqual([]);
    const ok = await cli(["deploy", "reviewed", "-m", "reviewed", "--revision", String(rev + 1)]);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("a draft edited between the review and the deploy: the server refuses it under the lock (412), exit 1, nothing deployed", async () => {
    expect((await writer.post(`${P}/routers`, sampleRouter("edited-meanwhile"))).status).toBe(201);
    const rev = await revisionOf("edited-meanwhile");
    // Someone saves an edit after the CLI read and showed the draft, just before its deploy arrives.
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (init?.method === "POST" && String(input).includes("/routers/edited-meanwhile/deployments")) {
        globalThis.fetch = original;
        expect((await writer.patch(`${P}/routers/edited-meanwhile/routes/stable`, { timeoutMs: 1234 })).status).toBe(200);
      }
      return original(input, init);
    };
    const refused = await cli(["deploy", "edited-meanwhile", "-m", "what I saw"]).finally(() => (globalThis.fetch = original));
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stdout).toContain(`deploying draft revision ${rev}`);
    expect(refused.stderr).toContain(`not deployed: the draft changed since it was reviewed (you reviewed revision ${rev}, the draft is now at revision ${rev + 1})`);
    expect((await writer.get(`${P}/routers/edited-meanwhile/versions`)).body.items).toEqual([]);
  });

  it("a change the server finds makes no difference to requests (a description): its 409 is nothing to deploy, exit 0", async () => {
    expect((await writer.post(`${P}/routers`, sampleRouter("described"))).status).toBe(201);
    expect((await cli(["deploy", "described", "-m", "v1"])).code).toBe(0);
    expect((await writer.patch(`${P}/routers/described`, { description: "only words" })).status).toBe(200);
    const again = await cli(["deploy", "described", "-m", "words", "-o", "json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ router: "described", deployed: false, version: 1, changes: [] });
    const text = await cli(["deploy", "described", "-m", "words"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/~ description .* → "only words"/);
    expect(text.stdout).toContain(`nothing to deploy: the draft (revision ${await revisionOf("described")}) is what version 1 serves`);
    expect((await writer.get(`${P}/routers/described/versions`)).body.items.map((v: { number: number }) => v.number)).toEqual([1]);
  });

  it("a draft with errors is saved but exits 1, and its deploy is refused with the findings", async () => {
    const strict = { ...sampleRouter("strict"), settings: { strict: true }, rules: [...sampleRouter("strict").rules, { name: "beta-too", conditions: [{ source: "header", key: "x-beta", operator: "prefix", values: ["1"] }], strategy: "random", split: [{ route: "stable", weight: 100 }] }] };
    await writeFile(file("strict.json"), JSON.stringify(strict));
    const applied = await cli(["apply", "-f", "strict.json"]);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain("router strict: created");
    expect(applied.stdout).toMatch(/error\s+overlap at rules\.1/);
    const deploy = await cli(["deploy", "strict", "-m", "try"]);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toMatch(/cannot be deployed \(HTTP 422 analysis_errors\)\n\s+error overlap at rules\.1/);
  });
});

describe("undeploy", { timeout: 120_000 }, () => {
  it("--dry-run prints the numbers the API returns and changes nothing", async () => {
    const router = { ...sampleRouter("undeploy"), routes: [...sampleRouter("undeploy").routes, { name: "spare", url: "http://127.0.0.1:9003" }], defaultRule: { strategy: "sticky", split: [{ route: "stable", weight: 60 }, { route: "canary", weight: 25 }, { route: "spare", weight: 15 }], shadows: [{ route: "canary", percent: 5 }] } };
    expect((await writer.post(`${P}/routers`, router)).status).toBe(201);
    const before = await revisionOf("undeploy");
    const api = await writer.post(`${P}/routers/undeploy/routes/canary/undeploy`, { mode: "proportional", replacement: "stable", dryRun: true });
    expect(api.status).toBe(200);

    const json = await cli(["undeploy", "undeploy", "canary", "--mode", "proportional", "--replacement", "stable", "--dry-run", "-o", "json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(api.body);

    const text = await proc(["undeploy", "undeploy", "canary", "--mode", "proportional", "--replacement", "stable", "--dry-run"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("undeploy route canary from router undeploy (dry run: nothing changed)");
    for (const rule of api.body.rules as { rule: string; before: { route: string; weight: number }[]; after: { route: string; weight: number }[]; stickyMoved: number; strategy: string }[]) {
      const line = text.stdout.split("\n").find((l) => l.startsWith(`${rule.rule} `));
      expect(line, rule.rule).toBeDefined();
      expect(line).toContain(rule.before.map((s) => `${s.route} ${s.weight}`).join(", "));
      expect(line).toContain(rule.after.map((s) => `${s.route} ${s.weight}`).join(", "));
      if (rule.strategy === "sticky") expect(line).toContain(`${(rule.stickyMoved * 100).toFixed(2)} %`);
    }
    expect(await revisionOf("undeploy")).toBe(before);

    const manual = await cli(["undeploy", "undeploy", "canary", "--mode", "manual", "--weights", "stable=70,spare=30", "--replacement", "stable"]);
    expect(manual.code, manual.stderr).toBe(0);
    expect(manual.stdout).toContain(`the draft is now revision ${before + 1}`);
    const config = (await writer.get(`${P}/routers/undeploy/config`)).body;
    expect(config.defaultRule.split).toEqual([{ route: "stable", weight: 70 }, { route: "spare", weight: 30 }]);
    expect(config.routes.map((r: { name: string }) => r.name)).toEqual(["stable", "spare"]);

    const wrong = await cli(["undeploy", "undeploy", "spare", "--mode", "manual", "--weights", "stable=90"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("weights.default: the weights of rule 'default' add up to 90, not 100");
  });
});

describe("audiences and diff", { timeout: 120_000 }, () => {
  it("applies a stream of an audience and a router that names it, then diffs against the draft and the active version", async () => {
    const stream = (values: string) =>
      [
        `kind: audience\nname: eu\nconditions:\n  - { source: header, key: x-region, operator: in, values: [${values}] }\n`,
        "kind: router\nname: regional\nroutes:\n  - { name: a, url: 'http://127.0.0.1:9001' }\n  - { name: b, url: 'http://127.0.0.1:9002' }\nrules:\n  - { name: eu-users, audience: eu, strategy: random, split: [{ route: b, weight: 100 }] }\ndefaultRule: { strategy: random, split: [{ route: a, weight: 100 }] }\n",
      ].join("---\n");
    await writeFile(file("regional.yaml"), stream("eu-west, eu-central"));
    const created = await cli(["apply", "-f", "regional.yaml"]);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^audience eu: created \(revision \d+\)\n/);
    expect(created.stdout).toContain("router regional: created");

    const again = await cli(["apply", "-f", "regional.yaml", "-o", "json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).map((r: { action: string }) => r.action)).toEqual(["unchanged", "unchanged"]);

    const same = await cli(["diff", "-f", "regional.yaml"]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("router regional (regional.yaml (document 2)): no differences from the draft revision");

    await writeFile(file("regional.yaml"), stream("eu-west"));
    const changed = await cli(["diff", "-f", "regional.yaml"]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('~ conditions header x-region in ["eu-west", "eu-central"] → header x-region in ["eu-west"]');

    const active = await cli(["diff", "-f", "regional.yaml", "--against", "active"]);
    expect(active.code).toBe(1);
    expect(active.stdout).toContain("nothing is deployed");
    expect((await cli(["deploy", "regional", "-m", "v1"])).code).toBe(0);
    // The router's rule names the audience the file changes: the version serves the old conditions.
    const against = await cli(["diff", "-f", "regional.yaml", "--against", "1"]);
    expect(against.code).toBe(1);
    expect(against.stdout).toContain('router regional: version 1 (active) → regional.yaml (document 2)\n  ~ audience eu: conditions header x-region in ["eu-west", "eu-central"] → header x-region in ["eu-west"]');

    const updated = await cli(["apply", "-f", "regional.yaml"]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("audience eu: updated");
    expect(updated.stdout).toContain("used by regional/eu-users: their drafts change with it");
    expect(updated.stdout).toContain("router regional: unchanged");
    expect((await cli(["diff", "-f", "regional.yaml"])).code).toBe(0);

    const audiences = await cli(["get", "audiences", "-o", "yaml"]);
    const docs = parseAllDocuments(audiences.stdout).map((d) => d.toJS());
    expect(docs.find((d) => d.name === "eu")).toEqual({ kind: "audience", revision: expect.any(Number), name: "eu", conditions: [{ source: "header", key: "x-region", operator: "in", values: ["eu-west"] }] });
    await writeFile(file("audiences.yaml"), audiences.stdout);
    const noop = await cli(["apply", "-f", "audiences.yaml"]);
    expect(noop.code).toBe(0);
    expect(noop.stdout.split("\n").filter(Boolean).every((l) => l.includes(": unchanged"))).toBe(true);
  });

  it("a router file still carrying an old copy of a changed audience is refused with the audience named", async () => {
    const dirPath = path.join(dir, "gitops");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(dirPath, "routers"), { recursive: true });
    const audience = (region: string) => `kind: audience\nname: apac\nconditions: [{ source: header, key: x-region, operator: in, values: [${region}] }]\n`;
    const router = (region: string) =>
      `name: apac-router\nroutes: [{ name: a, url: 'http://127.0.0.1:9001' }]\naudiences:\n  - { name: apac, conditions: [{ source: header, key: x-region, operator: in, values: [${region}] }] }\nrules: [{ name: apac-users, audience: apac, strategy: random, split: [{ route: a, weight: 100 }] }]\n`;
    await writeFile(path.join(dirPath, "audiences.yaml"), audience("jp"));
    await writeFile(path.join(dirPath, "routers", "apac-router.yaml"), router("jp"));
    const first = await cli(["apply", "-f", "gitops/audiences.yaml", "-f", "gitops/routers"]);
    expect(first.code, first.stdout + first.stderr).toBe(0);

    await writeFile(path.join(dirPath, "audiences.yaml"), audience("kr"));
    const refused = await cli(["apply", "-f", "gitops/audiences.yaml", "-f", "gitops/routers"]);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stdout).toContain("audience apac: updated");
    expect(refused.stdout).toContain("router apac-router: not applied");
    expect(refused.stdout).toContain("audience 'apac' already exists in this project with other conditions");

    // Without its copy the router file takes the project's audience: nothing to write.
    await writeFile(path.join(dirPath, "routers", "apac-router.yaml"), router("kr").replace(/audiences:\n.*\n/, ""));
    const fixed = await cli(["apply", "-f", "gitops/audiences.yaml", "-f", "gitops/routers"]);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain("router apac-router: unchanged");
  });

  it("two applies racing on one draft: one writes, the other is told of the conflict", async () => {
    expect((await writer.post(`${P}/routers`, sampleRouter("raced"))).status).toBe(201);
    const yaml = (await cli(["get", "router", "raced", "-o", "yaml"])).stdout.replace(/^revision: .*\n/m, "");
    await writeFile(file("raced-a.yaml"), yaml.replace(/weight: 90$/m, "weight: 60").replace(/weight: 10$/m, "weight: 40"));
    await writeFile(file("raced-b.yaml"), yaml.replace(/weight: 90$/m, "weight: 50").replace(/weight: 10$/m, "weight: 50"));
    const before = await revisionOf("raced");
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([cli(["apply", "-f", "raced-a.yaml"]), cli(["apply", "-f", "raced-b.yaml"])]);
      // Each read the latest revision, then wrote with it as If-Match: never both written from one revision.
      const written = results.filter((r) => r.stdout.includes(": updated"));
      const refused = results.filter((r) => r.code === 1);
      expect(written.length + refused.length + results.filter((r) => r.stdout.includes("unchanged")).length).toBe(2);
      for (const r of refused) expect(r.stdout).toMatch(/read at revision (\d+), the server is now at revision (?!\1)\d+|the file has revision \d+, the server is at revision \d+/);
    }
    const after = await revisionOf("raced");
    const audit = (await writer.get(`${P}/events?target=raced&limit=200`)).body.items.filter((e: { action: string }) => e.action === "router.config.replace");
    expect(audit.length).toBe(after - before);
  });

  it("names the problem when the token or the project is wrong", async () => {
    const revoked = await t.admin.post(`${P}/tokens`, { name: "gone", scope: "write" });
    expect((await t.admin.del(`${P}/tokens/${revoked.body.id}`)).status).toBe(200);
    const gone = await cli(["get", "routers"], { env: { TURNOUT_TOKEN: revoked.body.token } });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("this token was revoked");
    expect(gone.stderr).toContain("turnout login");

    const other = await cli(["get", "routers", "--project", "elsewhere"]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("project 'elsewhere' does not exist (HTTP 404 not_found)");
  });

  it("reads every page of a long list", async () => {
    const project = await t.db.prisma.project.findUniqueOrThrow({ where: { name: "demo" } });
    const before = JSON.parse((await cli(["get", "audiences", "-o", "json"])).stdout).length;
    for (let i = 0; i < 210; i += 30) {
      await Promise.all(
        Array.from({ length: Math.min(30, 210 - i) }, (_, j) =>
          t.db.prisma.audience.create({ data: { projectId: project.id, name: `bulk-${String(i + j).padStart(3, "0")}`, conditions: { create: [{ position: 0, source: "header", key: "x-bulk", operator: "present", values: [] }] } } }),
        ),
      );
    }
    const all = JSON.parse((await cli(["get", "audiences", "-o", "json"])).stdout) as { name: string }[];
    expect(all.length).toBe(before + 210);
    expect(new Set(all.map((a) => a.name)).size).toBe(all.length);
  });

  it("tables for people", async () => {
    const routers = await cli(["get", "routers"]);
    expect(routers.code).toBe(0);
    expect(routers.stdout).toMatch(/^ROUTER\s+ACTIVE\s+DRAFT\s+ERRORS\s+WARNINGS\s+ROUTES\s+RULES\s+UPDATED\n/);
    const router = await cli(["get", "router", "round-trip"]);
    expect(router.stdout).toMatch(/^router\s+round-trip\n/);
    expect(router.stdout).toMatch(/vips\s+vip\s+query plan in \["gold", "1"\]\s+random\s+stable 33\.33, canary 66\.67\s+canary 12\.5 %/);
    const missing = await cli(["get", "router", "nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("router 'nope' does not exist (HTTP 404 not_found)");
  });
});

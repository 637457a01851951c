import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { HttpError, validateBody } from "@/lib/http/handler";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { pool, seedEveryResource, startApiTest, type ApiTest, type Client } from "./test-client";

/**
 * 1000 random bodies per write endpoint — arbitrary JSON, arbitrary text, valid bodies
 * with one field replaced, removed or added, and edge-case values — and never a 5xx.
 * Each body goes through the handler's own JSON parsing and validation (`validateBody`),
 * in process: what they refuse never reaches domain code and must be a 4xx. Over HTTP
 * (8 at a time, one server) go up to 40 distinct accepted bodies — they reach the domain
 * code and the database — and 24 refused ones; `FUZZ_WIRE=all` sends all 1000.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const CONCURRENCY = 8;
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);

let t: ApiTest;
let api: Client;
const P = "/api/v1/projects/fuzz";
const R = `${P}/routers/r`;

beforeAll(async () => {
  t = await startApiTest();
  await seedEveryResource(t, "fuzz");
  api = t.admin;
}, 60_000);
afterAll(async () => t?.close());

const rule = { name: "fuzzed", audience: "aud", conditions: [{ source: "payload", key: "user.tier", operator: "in", values: ["gold"] }], strategy: "sticky", split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }], shadows: [{ route: "canary", percent: 10 }] };
const WRITES: [method: string, path: string, valid: unknown][] = [
  ["POST", "/api/v1/session", { email: "admin@example.com", password: "not the password" }],
  ["POST", "/api/v1/users", { email: "member@example.com", password: "long enough", role: "user" }],
  ["PATCH", "/api/v1/users/member%40example.com", { role: "user" }],
  ["POST", "/api/v1/projects", { name: "fuzz", displayName: "Fuzz", description: "d" }],
  ["PATCH", P, { displayName: "Fuzz", description: "d" }],
  ["POST", `${P}/members`, { email: "member@example.com", role: "viewer" }],
  ["PATCH", `${P}/members/member%40example.com`, { role: "viewer" }],
  ["POST", `${P}/tokens`, { name: "fuzz-token", scope: "read", expiresAt: "2099-01-01T00:00:00Z" }],
  ["POST", `${P}/routers`, sampleRouter("r")],
  ["PATCH", R, { description: "d", settings: { strict: false, missingKey: "random", allowPin: true, keySources: [{ source: "header", key: "x-k" }] } }],
  ["PUT", `${R}/config`, { ...sampleRouter("r"), audiences: [{ name: "aud", conditions: [{ source: "header", key: "x", operator: "present", values: [] }] }], rules: [rule] }],
  ["POST", `${R}/routes`, { name: "stable", url: "http://127.0.0.1:9001", timeoutMs: 100 }],
  ["PATCH", `${R}/routes/stable`, { url: "http://127.0.0.1:9001", timeoutMs: 100 }],
  ["POST", `${R}/routes/canary/undeploy`, { mode: "manual", replacement: "stable", weights: { default: { stable: 100 } }, dryRun: true }],
  ["POST", `${R}/rules`, { ...rule, name: "beta-users", position: 0 }],
  ["PUT", `${R}/rules/beta-users`, { ...rule, name: "beta-users" }],
  ["PUT", `${R}/rules/order`, { order: ["beta-users"] }],
  ["PUT", `${R}/default-rule`, { strategy: "sticky", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] }],
  ["POST", `${R}/simulate`, { request: { method: "POST", path: "/p", headers: { "x-beta": "1" }, query: { a: ["1", "2"] }, body: { user: { tier: "gold" } } }, version: "draft" }],
  ["POST", `${R}/simulate`, { requests: [{ headers: { "x-shard-key": "k" } }, { body: { dispatch: { dispatchKey: 7 } } }], version: "active" }],
  ["POST", `${R}/deployments`, { message: "fuzz" }],
  ["POST", `${R}/versions/1/rollback`, { message: "fuzz" }],
  ["POST", `${P}/audiences`, { name: "aud", description: "d", conditions: [{ source: "query", key: "q", operator: "range", values: [1, 2] }] }],
  ["PATCH", `${P}/audiences/aud`, { description: "d", conditions: [{ source: "header", key: "x", operator: "present", values: [] }] }],
];

type Path = (string | number)[];

/** Every location in a JSON value: the root, each property and each array element. */
function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

function setAt(value: unknown, at: Path, next: unknown): unknown {
  if (at.length === 0) return next;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (next === undefined && Array.isArray(node)) node.splice(Number(last), 1);
  else node[last] = next;
  return copy;
}

const json = fc.jsonValue({ maxDepth: 3 });

/** Raw request bodies: any JSON, any text, or a valid body with one change. */
function bodies(valid: unknown): fc.Arbitrary<string> {
  const locations = paths(valid);
  const objects = locations.filter((p) => {
    let node: unknown = valid;
    for (const k of p) node = (node as Record<string | number, unknown>)[k];
    return node !== null && typeof node === "object" && !Array.isArray(node);
  });
  return fc.oneof(
    json.map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 40 }),
    // Replace or remove one field (undefined removes it).
    fc.tuple(fc.constantFrom(...locations), fc.oneof(json, fc.constant(undefined))).map(([at, v]) => JSON.stringify(setAt(valid, at, v)) ?? ""),
    // Add an unexpected field somewhere.
    fc.tuple(fc.constantFrom(...objects), fc.string({ maxLength: 12 }), json).map(([at, key, v]) => JSON.stringify(setAt(valid, [...at, key], v))),
    // Valid bodies with edge-case numbers and strings in one place.
    fc
      .tuple(fc.constantFrom(...locations.filter((p) => p.length > 0)), fc.constantFrom(-1, 0, 0.001, 1e308, -0, 99.999, 100.01, "", " ", "a".repeat(2000), "\u0000", "../..", "<script>", null, [], {}))
      .map(([at, v]) => JSON.stringify(setAt(valid, at, v))),
  );
}

/**
 * How many of the bodies go over the wire per endpoint: distinct accepted bodies (by their
 * parsed value) and refused ones. `FUZZ_WIRE=all` sends all 1000 (slow: minutes).
 */
const WIRE_ALL = process.env.FUZZ_WIRE === "all";
const WIRE_ACCEPTED = 40;
const WIRE_REFUSED = 24;

/** `n` items spread evenly over `items`. */
const spread = <T>(items: T[], n: number) => (items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!));

describe("fuzzing the write endpoints", () => {
  it.each(WRITES.map(([method, path, valid], i) => [`${method} ${path}`, method, path, valid, i] as const))(
    "%s: 1000 random bodies, no 5xx",
    async (_label, method, path, valid, i) => {
      const route = t.server.routes.find((r) => r.match(path));
      const spec = route?.methods[method as "POST"]?.spec as { body: ZodType } | undefined;
      expect(spec?.body, `${method} ${path} takes a body`).toBeDefined();
      const samples = fc.sample(bodies(valid), { numRuns: RUNS, seed: SEED + i });
      expect(samples.length).toBe(RUNS);

      // Every body goes through the handler's own parsing and validation, in process: a
      // body they refuse never reaches domain code, and must be refused with a 4xx.
      const failures: string[] = [];
      const accepted = new Map<string, string>();
      const refused: string[] = [];
      for (const raw of samples) {
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          refused.push(raw);
          continue;
        }
        try {
          const data = validateBody(spec!.body, json);
          if (!accepted.has(JSON.stringify(data))) accepted.set(JSON.stringify(data), raw);
        } catch (error) {
          if (error instanceof HttpError && error.status === 422 && Array.isArray(error.extra.errors) && error.extra.errors.length > 0) refused.push(raw);
          else failures.push(`validation threw ${String(error)} for ${raw.slice(0, 200)}`);
        }
      }

      // Over HTTP: the bodies the schema accepts (those reach the domain code and the
      // database) and a sample of the refused ones, which must come back as 4xx problems.
      const statuses = new Map<number, number>();
      const wire = WIRE_ALL ? samples : [...spread([...accepted.values()], WIRE_ACCEPTED), ...spread(refused, WIRE_REFUSED)];
      await pool(wire, CONCURRENCY, async (raw) => {
        const res = await api.request(method, path, { raw });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problem = res.headers.get("content-type") === "application/problem+json";
        if (res.status >= 500 || (res.status >= 400 && !problem)) failures.push(`${res.status} for ${raw.slice(0, 300)} → ${res.text.slice(0, 300)}`);
        if (res.status === 422 && res.body?.code === "invalid" && !res.body.errors?.length) failures.push(`422 without field errors for ${raw.slice(0, 200)}`);
      });
      expect(failures.slice(0, 5), `seed ${SEED + i}; ${accepted.size} distinct accepted; statuses ${JSON.stringify([...statuses])}`).toEqual([]);
    },
    120_000,
  );
});

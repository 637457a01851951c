import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { DEFAULT_MAX_BODY_BYTES, HttpError, parseJsonBody, validateBody } from "@/lib/http/handler";
import { MAX_JSON_DEPTH } from "@/lib/http/json-limits";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { pool, seedEveryResource, startApiTest, type ApiResponse, type ApiTest, type Client } from "./test-client";

/**
 * 1000 random bodies per write endpoint — arbitrary JSON, arbitrary text, valid bodies
 * with one field replaced, removed or added, and edge-case values — and never a 5xx.
 * Each body goes through the handler's own JSON parsing and validation (`parseJsonBody`,
 * `validateBody`), in process: what they refuse never reaches domain code and must be a
 * 4xx. Over HTTP (8 at a time, one server) go up to 40 distinct accepted bodies — they
 * reach the domain code and the database — and 24 refused ones; `FUZZ_WIRE=all` sends all
 * 1000. Then each class of hostile input (deep nesting, unpaired surrogates, NUL, huge
 * strings, wrong types, bytes that are not UTF-8) on every write endpoint, numbers of
 * every size in every numeric path and query parameter, and any text in the query
 * parameters that take a word (`wait`, `window`), all over HTTP.
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
          json = parseJsonBody(raw);
        } catch (error) {
          if (error instanceof HttpError && error.status < 500) refused.push(raw);
          else failures.push(`parsing threw ${String(error)} for ${raw.slice(0, 200)}`);
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

/** Bodies per endpoint and class of hostile input, and values per numeric parameter. */
const CLASS_RUNS = Number(process.env.FUZZ_CLASS_RUNS ?? 6);
const PARAM_RUNS = Number(process.env.FUZZ_PARAM_RUNS ?? 20);

/** Why an answer is not a clean refusal or success: a 5xx, or a 4xx that is not problem+json. */
function answerProblem(res: ApiResponse): string | null {
  if (res.status >= 500) return `${res.status} ${res.text.slice(0, 300)}`;
  if (res.status >= 400 && res.headers.get("content-type") !== "application/problem+json") return `${res.status} without problem+json: ${res.text.slice(0, 200)}`;
  if (res.status >= 400 && (typeof res.body?.code !== "string" || typeof res.body?.detail !== "string")) return `${res.status} problem without code/detail`;
  return null;
}

const MARK = "\u0001mark\u0001";
/** `valid` with the value at `at` replaced by raw JSON text (which JSON.stringify could not produce, e.g. 100 000 levels deep). */
const withRawAt = (valid: unknown, at: Path, raw: string) => JSON.stringify(setAt(valid, at, MARK))!.replace(JSON.stringify(MARK), () => raw);

const withLoneSurrogate = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
  .map(([a, unit, b]) => `${a}${String.fromCharCode(unit)}${b}`);
const withNul = fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`);

type Expectation = { status: number[]; code?: string; path?: string };
type Case = { raw: string | Uint8Array<ArrayBuffer>; expect?: Expectation };
const field = (at: Path) => at.map(String).join(".") || "(root)";

/** One generator per class of hostile input, each yielding bodies for `valid` and what they must get. */
function hostile(valid: unknown, limit: number): Record<string, fc.Arbitrary<Case>> {
  const locations = paths(valid);
  const objects = locations.filter((p) => {
    let node: unknown = valid;
    for (const k of p) node = (node as Record<string | number, unknown>)[k];
    return node !== null && typeof node === "object" && !Array.isArray(node);
  });
  const room = Math.max(0, limit - JSON.stringify(valid).length - 64);
  const at = fc.constantFrom(...locations);
  return {
    "deep nesting": fc
      .tuple(at, fc.oneof(fc.integer({ min: MAX_JSON_DEPTH + 1, max: 200 }), fc.integer({ min: 200, max: 20_000 }), fc.constant(Math.max(MAX_JSON_DEPTH + 1, Math.min(100_000, Math.floor(room / 2))))), fc.constantFrom(["[", "]"], ['{"k":', "}"], ['[{"k":', "}]"]))
      .map(([where, levels, [open, close]]) => {
        const raw = withRawAt(valid, where, `${open.repeat(levels)}0${close.repeat(levels)}`);
        return { raw, expect: raw.length > limit ? { status: [413] } : { status: [422], code: "nesting_too_deep" } };
      }),
    "unpaired surrogates": fc.oneof(
      fc.tuple(at, withLoneSurrogate).map(([where, text]) => ({ raw: JSON.stringify(setAt(valid, where, text)), expect: { status: [422], path: field(where) } })),
      fc.tuple(fc.constantFrom(...objects), withLoneSurrogate).map(([where, key]) => ({ raw: JSON.stringify(setAt(valid, [...where, key], "v")), expect: { status: [422], code: "invalid" } })),
    ),
    NUL: fc.oneof(
      fc.tuple(at, withNul).map(([where, text]) => ({ raw: JSON.stringify(setAt(valid, where, text)), expect: { status: [422], path: field(where) } })),
      fc.tuple(fc.constantFrom(...objects), withNul).map(([where, key]) => ({ raw: JSON.stringify(setAt(valid, [...where, key], "v")), expect: { status: [422], code: "invalid" } })),
    ),
    "huge strings": fc
      .tuple(at, fc.oneof(fc.integer({ min: 1_000, max: 100_000 }), fc.integer({ min: limit - 64, max: limit + 64 })), fc.boolean())
      .map(([where, size, asKey]) => {
        const huge = "x".repeat(size);
        const raw = asKey && objects.length ? JSON.stringify(setAt(valid, [...objects[size % objects.length]!, huge], 1)) : JSON.stringify(setAt(valid, where, huge));
        return { raw, ...(raw.length > limit ? { expect: { status: [413] } } : {}) };
      }),
    "wrong types": fc
      .tuple(at, fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Number(n)), fc.boolean(), fc.constant(null), fc.string(), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })))
      .map(([where, value]) => ({ raw: JSON.stringify(setAt(valid, where, value)) })),
    "not UTF-8": fc
      .tuple(fc.constantFrom(...locations.filter((p) => p.length > 0)), fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => b.map((x) => 0x80 | x)))
      .map(([where, bytes]) => {
        const [head, tail] = JSON.stringify(setAt(valid, where, MARK))!.split(JSON.stringify(MARK));
        const raw = new Uint8Array([...new TextEncoder().encode(`${head}"`), 0xff, ...bytes, ...new TextEncoder().encode(`"${tail}`)]);
        return { raw, expect: { status: [400], code: "invalid_encoding" } };
      }),
  };
}

describe("hostile input of every class on every write endpoint", () => {
  it.each(WRITES.map(([method, path, valid], i) => [`${method} ${path}`, method, path, valid, i] as const))(
    "%s: no 5xx, a problem+json for every refusal",
    async (_label, method, path, valid, i) => {
      const route = t.server.routes.find((r) => r.match(path));
      const spec = route?.methods[method as "POST"]?.spec as { maxBodyBytes?: number } | undefined;
      const limit = spec?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const classes = Object.entries(hostile(valid, limit));
      const cases = classes.flatMap(([name, gen], k) => fc.sample(gen, { numRuns: name === "huge strings" ? Math.ceil(CLASS_RUNS / 2) : CLASS_RUNS, seed: SEED + 100 * i + k }).map((c) => ({ name, ...c })));
      const failures: string[] = [];
      await pool(cases, CONCURRENCY, async (c) => {
        const res = await api.request(method, path, { raw: c.raw });
        const problem = answerProblem(res);
        const shown = typeof c.raw === "string" ? c.raw.slice(0, 160) : `${c.raw.length} bytes`;
        if (problem) return void failures.push(`${c.name}: ${problem} for ${shown}`);
        const want = c.expect;
        if (!want) return;
        const paths = (res.body?.errors ?? []).map((e: { path: string }) => e.path);
        if (!want.status.includes(res.status)) failures.push(`${c.name}: ${res.status}, not ${want.status.join("/")}, for ${shown} → ${res.text.slice(0, 200)}`);
        else if (want.code && res.body.code !== want.code) failures.push(`${c.name}: code ${res.body.code}, not ${want.code}, for ${shown} → ${res.text.slice(0, 200)}`);
        else if (want.path && !paths.includes(want.path)) failures.push(`${c.name}: errors name ${JSON.stringify(paths)}, not ${want.path}, for ${shown}`);
      });
      expect(failures.slice(0, 5), `${cases.length} bodies`).toEqual([]);
    },
    120_000,
  );
});

const P_VERSIONS = `${R}/versions`;
/**
 * Every numeric path and query parameter, with `{n}` where the number goes, the largest
 * value it may take (the column's range, or the list limit) and the status past it.
 */
const NUMERIC: [method: "GET" | "POST" | "DELETE", path: string, max: bigint, past: number][] = [
  ["GET", `${P_VERSIONS}/{n}`, 2_147_483_647n, 404],
  ["GET", `${P_VERSIONS}/{n}/diff?against=1`, 2_147_483_647n, 404],
  ["GET", `${P_VERSIONS}/1/diff?against={n}`, 2_147_483_647n, 400],
  ["POST", `${P_VERSIONS}/{n}/rollback`, 2_147_483_647n, 404],
  ["GET", `${P_VERSIONS}?cursor={n}`, 999_999_999n, 400],
  ["GET", `${P_VERSIONS}?limit={n}`, 200n, 400],
  ["GET", `${P}/events?cursor={n}`, 9_223_372_036_854_775_807n, 400],
  ["GET", `${P}/events?limit={n}`, 200n, 400],
  ["GET", "/api/v1/events?cursor={n}", 9_223_372_036_854_775_807n, 400],
  ["GET", `${P}/routers?limit={n}`, 200n, 400],
  ["GET", `${P}/audiences?limit={n}`, 200n, 400],
  ["GET", `${R}/shadow-disagreements?limit={n}`, 100n, 400],
  ["GET", `${R}/shadow-disagreements?cursor={n}`, 999_999_999_999_999_999n, 400],
  ["DELETE", `${R}/shadow-disagreements/{n}`, 999_999_999_999_999_999n, 404],
  // A deploy that waits for the gateways, at most 30 s (none are registered here: it answers at once).
  ["POST", `${R}/deployments?wait=true&timeoutMs={n}`, 30_000n, 400],
];

/** Integers of every size, and text that only looks like one. */
const numberish = fc.oneof(
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.bigInt({ min: 195n, max: 205n }).map(String),
  fc.bigInt({ min: 2n ** 31n - 3n, max: 2n ** 31n + 3n }).map(String),
  fc.bigInt({ min: 2n ** 63n - 3n, max: 2n ** 63n + 3n }).map(String),
  fc.constantFrom("0", "-0", "00000000001", "1e3", "1e400", "0x10", "1.5", "+1", " 1", "１", "Infinity", "NaN", "", "%00", "%F0%9F%98%80", "9".repeat(400)),
  fc.double().map(String),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);

describe("numbers of every size in numeric path and query parameters", () => {
  it.each(NUMERIC.map(([method, path, max, past], i) => [`${method} ${path}`, past, method, path, max, i] as const))(
    "%s: never a 5xx; past its range, %i",
    async (_label, past, method, template, max, i) => {
      const values = fc.sample(numberish, { numRuns: PARAM_RUNS, seed: SEED + 1000 + i });
      const failures: string[] = [];
      await pool(values, CONCURRENCY, async (value) => {
        const path = template.replace("{n}", value);
        const res = await api.request(method, path, method === "POST" ? { body: { message: "fuzz" } } : {});
        const problem = answerProblem(res);
        if (problem) return void failures.push(`${path}: ${problem}`);
        if (/^\d+$/.test(value) && BigInt(value) > max && res.status !== past) failures.push(`${path}: ${res.status}, not ${past}`);
      });
      expect(failures.slice(0, 5), `${values.length} values`).toEqual([]);
    },
    60_000,
  );
});

/**
 * Query parameters that take one of a few words, with the words they take. Anything else —
 * near misses, other text, a repeated key, bytes that are not UTF-8 — is a 400 invalid_query;
 * the words themselves are never refused as a query.
 */
const WORDS: [method: "GET" | "POST", path: string, words: string[]][] = [
  ["GET", `${R}/traffic?window={v}`, ["1m", "5m", "15m", "1h"]],
  ["POST", `${R}/deployments?wait={v}&timeoutMs=0`, ["true", "false", "1", "0"]],
];

/** Any bytes, percent-encoded: UTF-8 or not. */
const anyBytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));

const wordish = (words: string[]) =>
  fc.oneof(
    fc.constantFrom(...words),
    fc.constantFrom(...words).map((w) => w.toUpperCase()),
    fc.tuple(fc.constantFrom(...words), fc.constantFrom("%20", "%00", "%ED%A0%80", "%FF", "0", "s", "m")).map(([w, x]) => `${w}${x}`),
    fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words)).map(([a, b]) => `${a}&{key}=${b}`),
    fc.constantFrom("", "%", "%E0%A4%A", "60", "-1", "1e3", "Infinity", "null", "[]", "1m,5m", "x".repeat(5000)),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
    anyBytes(6),
  );

describe("every value in enumerated query parameters", () => {
  it.each(WORDS.map(([method, path, words], i) => [`${method} ${path}`, method, path, words, i] as const))(
    "%s: the words it takes, a 400 for anything else, never a 5xx",
    async (_label, method, template, words, i) => {
      const key = template.match(/[?&](\w+)=\{v\}/)![1]!;
      const values = fc.sample(wordish(words), { numRuns: PARAM_RUNS, seed: SEED + 3000 + i });
      const failures: string[] = [];
      await pool(values, CONCURRENCY, async (value) => {
        const path = template.replace("{v}", value.replaceAll("{key}", key));
        const res = await api.request(method, path, method === "POST" ? { body: { message: "fuzz" } } : {});
        const problem = answerProblem(res);
        if (problem) return void failures.push(`${path}: ${problem}`);
        const taken = words.includes(value);
        if (taken && res.body?.code === "invalid_query") failures.push(`${path}: refused ${res.text.slice(0, 200)}`);
        if (!taken && (res.status !== 400 || res.body?.code !== "invalid_query")) failures.push(`${path}: ${res.status} ${res.text.slice(0, 200)}, not 400 invalid_query`);
      });
      expect(failures.slice(0, 5), `${values.length} values`).toEqual([]);
    },
    60_000,
  );

  it.each(["/api/v1/gateways", `${R}/gateways`, `${R}/traffic`])("GET %s with any query string: never a 5xx", async (path) => {
    const queries = fc.sample(fc.oneof(anyBytes(24), fc.constantFrom("window=2d", "window=1m&window=5m", "timeoutMs=99999999999999999999", "limit=-1", "cursor=%ED%A0%80")), { numRuns: PARAM_RUNS, seed: SEED + 3100 });
    const failures: string[] = [];
    await pool(queries, CONCURRENCY, async (query) => {
      const res = await api.get(`${path}?${query}`);
      const problem = answerProblem(res);
      if (problem) failures.push(`${path}?${query}: ${problem}`);
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

/** Date-times in ISO 8601's shape with every field at and past its range, years 0–9999, offsets to ±24:59. */
const dateish = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 60 }),
    fc.oneof(fc.constant("Z"), fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 59 })).map(([sign, h, m]) => `${sign}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`)),
  )
  .map(([y, mo, d, h, mi, zone]) => `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:00${zone}`);

describe("date-times of every kind in timestamp parameters", () => {
  it.each([`${P}/events?from=`, `${P}/events?to=`, "/api/v1/events?from="])("GET %s: never a 5xx", async (query) => {
    const values = fc.sample(fc.oneof(dateish, dateish.map((d) => d.replace(/^\d{4}/, "0000"))), { numRuns: PARAM_RUNS, seed: SEED + 2000 });
    const failures: string[] = [];
    await pool(values, CONCURRENCY, async (value) => {
      const res = await api.get(`${query}${encodeURIComponent(value)}`);
      const problem = answerProblem(res);
      if (problem) failures.push(`${value}: ${problem}`);
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

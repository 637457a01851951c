import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_BODY_BYTES } from "@/lib/http/handler";
import { MAX_JSON_DEPTH } from "@/lib/http/json-limits";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { expectProblem, seedEveryResource, startApiTest, type ApiResponse, type ApiTest, type Client } from "./test-client";

/**
 * Table-driven bad input for every write endpoint: malformed JSON, wrong content type,
 * oversized bodies, bytes that are not UTF-8, nesting deeper than the limit, strings
 * PostgreSQL cannot store (NUL, unpaired surrogates), bodies that are not objects, unknown
 * fields, wrong types, names that are not slugs, and splits whose weights do not add up to
 * 100. Each answer is a 4xx problem+json naming the failing field; never a 5xx, and nothing
 * is written. Then numbers out of range in paths and queries, and names already taken.
 */

let t: ApiTest;
let api: Client;
const P = "/api/v1/projects/bad";
const R = `${P}/routers/r`;

beforeAll(async () => {
  t = await startApiTest();
  await seedEveryResource(t, "bad");
  api = t.admin;
}, 60_000);
afterAll(async () => t?.close());

/** Sets `path` (dotted) in a deep copy of `body`. */
function setPath(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[keys[keys.length - 1]!] = value;
  return copy;
}

type Endpoint = {
  method: "POST" | "PUT" | "PATCH";
  path: string;
  valid: unknown;
  limit?: number;
  /** [field path, a value of the wrong type or shape, the path the error must name (defaults to the field)]. */
  wrong: [string, unknown, string?][];
  /** Fields that hold names (slugs). */
  names?: string[];
  /** Bodies whose splits do not add up to 100, and the path the error must name. */
  weights?: [unknown, string][];
};

const rule = { name: "new-rule", conditions: [], strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] };
const router = sampleRouter("new-router");
const config = sampleRouter("r");
const badSplit = [{ route: "stable", weight: 60 }, { route: "canary", weight: 30 }];

const ENDPOINTS: Endpoint[] = [
  { method: "POST", path: "/api/v1/session", valid: { email: "admin@example.com", password: "x" }, limit: 4096, wrong: [["email", 42], ["password", []]] },
  { method: "POST", path: "/api/v1/users", valid: { email: "new@example.com", password: "long enough" }, wrong: [["email", "not-an-email"], ["role", "root"], ["password", "short"]] },
  { method: "PATCH", path: "/api/v1/users/member%40example.com", valid: { role: "user" }, wrong: [["role", 1]] },
  { method: "POST", path: "/api/v1/projects", valid: { name: "new-project" }, wrong: [["displayName", 5]], names: ["name"] },
  { method: "PATCH", path: P, valid: { description: "d" }, wrong: [["description", {}], ["displayName", "x".repeat(121)]] },
  { method: "POST", path: `${P}/members`, valid: { email: "member@example.com", role: "viewer" }, wrong: [["role", "god"], ["email", null]] },
  { method: "PATCH", path: `${P}/members/member%40example.com`, valid: { role: "editor" }, wrong: [["role", null]] },
  { method: "POST", path: `${P}/tokens`, valid: { name: "new-token", scope: "read" }, wrong: [["scope", "all"], ["expiresAt", "tomorrow"]], names: ["name"] },
  {
    method: "POST",
    path: `${P}/routers`,
    valid: router,
    wrong: [["routes", "x"], ["settings", { strict: "yes" }, "settings.strict"], ["routes.0.url", "ftp://example.com"], ["defaultRule.split.0.weight", 100.001]],
    names: ["name", "routes.0.name", "rules.0.name", "defaultRule.split.0.route"],
    weights: [
      [{ ...router, defaultRule: { ...router.defaultRule, split: badSplit } }, "defaultRule.split"],
      [{ ...router, rules: [{ ...router.rules[0]!, split: badSplit }] }, "rules.0.split"],
    ],
  },
  {
    method: "PATCH",
    path: R,
    valid: { description: "d" },
    wrong: [
      ["settings", { missingKey: "explode" }, "settings.missingKey"],
      ["settings", { seed: 5 }, "settings.seed"],
      ["settings", { bogus: true }, "settings.bogus"],
      ["settings", { keepDisagreements: 501 }, "settings.keepDisagreements"],
      ["settings", { keepDisagreements: 2.5 }, "settings.keepDisagreements"],
    ],
  },
  {
    method: "PUT",
    path: `${R}/config`,
    valid: config,
    wrong: [
      ["rules", {}],
      ["routes.0.timeoutMs", -1],
      ["rules.0.conditions.0.operator", "between"],
      ["settings", { keySources: [{ source: "cookie", key: "k" }] }, "settings.keySources.0.source"],
      // Shadow comparisons: the structure, and what the analysis would report, at their own paths.
      ["rules.0.shadows", [{ route: "stable", percent: 5, compare: { mode: "fuzzy" } }], "rules.0.shadows.0.compare.mode"],
      ["rules.0.shadows", [{ route: "stable", percent: 5, compare: { mode: "fields", fields: [{ path: "top", topK: 0 }] } }], "rules.0.shadows.0.compare.fields.0.topK"],
      ["defaultRule.shadows", [{ route: "canary", percent: 5, compare: { mode: "fields", fields: [{ path: "s", tolerance: { absolute: -0.1 } }] } }], "defaultRule.shadows.0.compare.fields.0.tolerance"],
    ],
    names: ["name", "routes.1.name", "rules.0.split.0.route"],
    weights: [
      [{ ...config, defaultRule: { ...config.defaultRule, split: badSplit } }, "defaultRule.split"],
      [{ ...config, rules: [{ ...config.rules[0]!, split: badSplit }] }, "rules.0.split"],
    ],
  },
  { method: "POST", path: `${R}/routes`, valid: { name: "new-route", url: "http://127.0.0.1:9100" }, wrong: [["url", "ftp://example.com"], ["timeoutMs", -5], ["timeoutMs", 1.5]], names: ["name"] },
  { method: "PATCH", path: `${R}/routes/stable`, valid: { timeoutMs: 100 }, wrong: [["timeoutMs", "fast"], ["url", 7]] },
  {
    method: "POST",
    path: `${R}/routes/canary/undeploy`,
    valid: { mode: "even", dryRun: true },
    wrong: [
      ["mode", "random"],
      ["dryRun", "yes"],
      ["weights", { default: { stable: "50" } }, "weights.default.stable"],
      ["weights", { default: { stable: 99.995, shadow: 0.005 } }, "weights.default.stable"],
    ],
    names: ["replacement"],
  },
  {
    method: "POST",
    path: `${R}/rules`,
    valid: rule,
    wrong: [["conditions", [{ source: "cookie", key: "a", operator: "in", values: ["x"] }], "conditions.0.source"], ["position", -1], ["strategy", "sometimes"], ["split", []], ["name", "order"]],
    names: ["name", "split.0.route", "audience"],
    weights: [[{ ...rule, split: badSplit }, "split"]],
  },
  {
    method: "PUT",
    path: `${R}/rules/beta-users`,
    valid: { ...rule, shadows: [{ route: "canary", percent: 5 }] },
    wrong: [
      ["conditions", [{ source: "header", key: "a", operator: "range", values: ["a", "b"] }], "conditions.0.values"],
      ["shadows", [{ route: "canary", percent: 101 }], "shadows.0.percent"],
      ["name", "order"],
      ["shadows", [{ route: "canary", percent: 5, compare: { mode: "json", ignore: ["meta..id"] } }], "shadows.0.compare.ignore.0"],
      ["shadows", [{ route: "canary", percent: 5, compare: { mode: "fields", fields: [{ path: "top", topK: 1.5 }] } }], "shadows.0.compare.fields.0.topK"],
    ],
    names: ["name", "shadows.0.route"],
    weights: [[{ ...rule, split: [{ route: "stable", weight: 100.01 }] }, "split.0.weight"], [{ ...rule, split: [{ route: "stable", weight: 99.99 }] }, "split"]],
  },
  { method: "PUT", path: `${R}/rules/order`, valid: { order: ["beta-users"] }, wrong: [["order", "beta-users"]], names: ["order.0"] },
  {
    method: "PUT",
    path: `${R}/default-rule`,
    valid: { strategy: "sticky", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] },
    wrong: [["strategy", "sometimes"], ["split", {}], ["conditions", [], "conditions"], ["shadows", [{ route: "canary", percent: 5, compare: { mode: "fields", fields: [] } }], "shadows.0.compare.fields"]],
    names: ["split.0.route"],
    weights: [
      [{ strategy: "random", split: badSplit }, "split"],
      [{ strategy: "random", split: [{ route: "stable", weight: 33.333 }, { route: "canary", weight: 66.667 }] }, "split.0.weight"],
    ],
  },
  {
    method: "POST",
    path: `${R}/simulate`,
    valid: { request: { headers: { "x-beta": "1" } } },
    limit: 8 * 1024 * 1024,
    wrong: [["request", { headers: { "x-beta": 1 } }, "request.headers.x-beta"], ["version", "latest"], ["requests", []], ["request", { method: "GET", verb: "x" }, "request.verb"]],
  },
  { method: "POST", path: `${R}/deployments`, valid: { message: "m" }, wrong: [["message", ""], ["message", 5], ["message", "x".repeat(501)]] },
  { method: "POST", path: `${R}/versions/1/rollback`, valid: { message: "m" }, wrong: [["message", 5]] },
  {
    method: "POST",
    path: `${R}/rollouts`,
    valid: { rule: "default", baseline: "stable", canary: "canary" },
    wrong: [["steps", [], "steps"], ["baseline", "canary", "canary"], ["gates", { intervalSeconds: 0 }, "gates.intervalSeconds"], ["steps", [{ weight: 0 }], "steps.0.weight"], ["shadow", { percent: 101 }, "shadow.percent"]],
  },
  {
    method: "POST",
    path: `${P}/audiences`,
    valid: { name: "new-aud", conditions: [{ source: "header", key: "x", operator: "present", values: [] }] },
    wrong: [["conditions", []], ["conditions", [{ source: "header", key: "x", operator: "between", values: [] }], "conditions.0.operator"], ["conditions", [{ source: "header", key: "", operator: "present", values: [] }], "conditions.0.key"]],
    names: ["name"],
  },
  { method: "PATCH", path: `${P}/audiences/aud`, valid: { description: "d" }, wrong: [["conditions", {}], ["conditions", [{ source: "header", key: "x", operator: "present", values: ["y"] }], "conditions.0.values"]] },
];

const send = (e: Endpoint, o: Parameters<Client["request"]>[2]) => api.request(e.method, e.path, o);

/** Every string in a JSON value, as [dotted path, value]. */
function stringLeaves(value: unknown, at: string[] = []): [string, string][] {
  if (typeof value === "string") return [[at.join("."), value]];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...at, k]));
}

/** Every answer: a 4xx problem document (never a 5xx). */
function expect4xx(res: ApiResponse, status: number, path?: string) {
  expect(res.status, `${res.status} ${res.text}`).toBeLessThan(500);
  expectProblem(res, status, path);
}

// Nothing above may have been written: revisions and counts are compared after the run.
let snapshot: string;
const state = async () =>
  JSON.stringify({
    router: (await api.get(`${R}/config`)).body,
    versions: (await api.get(`${R}/versions`)).body.items.length,
    routers: (await api.get(`${P}/routers`)).body.items.map((r: { name: string; revision: number }) => [r.name, r.revision]),
    audiences: (await api.get(`${P}/audiences`)).body.items.map((a: { name: string; revision: number }) => [a.name, a.revision]),
    project: (await api.get(P)).body.revision,
    tokens: (await api.get(`${P}/tokens`)).body.items.length,
    members: (await api.get(`${P}/members`)).body.items,
    users: (await api.get("/api/v1/users")).body.items.map((u: { email: string; role: string }) => [u.email, u.role]),
  });

describe.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))("%s", (_label, e) => {
  beforeAll(async () => {
    snapshot ??= await state();
  });

  it("malformed JSON → 400, empty body → 400 (415 without a content type)", async () => {
    expect4xx(await send(e, { raw: '{"name": "x",' }), 400);
    expect4xx(await send(e, { raw: "{'single': 'quotes'}" }), 400);
    expect4xx(await send(e, { raw: "" }), 400);
    // No body and no Content-Type: the content type is what is missing first.
    expect4xx(await send(e, {}), 415);
  });

  it("wrong content type → 415", async () => {
    expect4xx(await send(e, { raw: JSON.stringify(e.valid), contentType: "text/plain" }), 415);
    expect4xx(await send(e, { raw: JSON.stringify(e.valid), contentType: "application/x-www-form-urlencoded" }), 415);
    expect4xx(await send(e, { raw: JSON.stringify(e.valid), contentType: null }), 415);
  });

  it("oversized body → 413", async () => {
    const limit = e.limit ?? DEFAULT_MAX_BODY_BYTES;
    expect4xx(await send(e, { raw: JSON.stringify({ pad: "x".repeat(limit) }) }), 413);
  });

  it("bytes that are not UTF-8 → 400", async () => {
    const json = new TextEncoder().encode(JSON.stringify(e.valid));
    // A Latin-1 "é" (0xE9) and a lone 0xFF inside the JSON text.
    const bad = new Uint8Array([...json.slice(0, -1), ...new TextEncoder().encode(',"x":"caf'), 0xe9, 0xff, 0x22, 0x7d]);
    const res = await send(e, { raw: bad });
    expect4xx(res, 400);
    expect(res.body.code).toBe("invalid_encoding");
  });

  it(`nesting deeper than ${MAX_JSON_DEPTH} levels → 422 nesting_too_deep, however deep`, async () => {
    const limit = e.limit ?? DEFAULT_MAX_BODY_BYTES;
    const withDeep = (levels: number) => JSON.stringify(e.valid).replace(/^\{/, `{"deep":${"[".repeat(levels)}${"]".repeat(levels)},`);
    // The body is level 1, so "deep" may hold 63 levels: that is only an unknown field.
    expect4xx(await send(e, { raw: withDeep(MAX_JSON_DEPTH - 1) }), 422, "deep");
    const room = limit - JSON.stringify(e.valid).length - 20;
    for (const levels of [MAX_JSON_DEPTH, Math.min(10_000, Math.floor(room / 2)), Math.floor(room / 2)]) {
      const res = await send(e, { raw: withDeep(levels) });
      expect4xx(res, 422, `deep${".0".repeat(MAX_JSON_DEPTH - 1)}`);
      expect(res.body).toMatchObject({ code: "nesting_too_deep", detail: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) });
    }
    const levels = Math.min(10_000, Math.floor(room / 6));
    const objects = await send(e, { raw: JSON.stringify(e.valid).replace(/^\{/, `{"deep":${'{"a":'.repeat(levels)}1${"}".repeat(levels)},`) });
    expect4xx(objects, 422, `deep${".a".repeat(MAX_JSON_DEPTH - 1)}`);
    expect(objects.body.code).toBe("nesting_too_deep");
  });

  it("NUL and unpaired surrogates in any string or field name → 422 naming it", async () => {
    for (const [path] of stringLeaves(e.valid)) {
      for (const bad of ["a\u0000b", "a\ud800b", "\udfff", "x\ud83d"]) {
        const res = await send(e, { body: setPath(e.valid, path, bad) });
        expect4xx(res, 422, path);
        expect(res.body.errors.find((x: { path: string }) => x.path === path).message).toMatch(/NUL|surrogate/);
      }
    }
    expect4xx(await send(e, { body: { ...(e.valid as object), "k\ud800": 1 } }), 422, "k\\ud800");
    expect4xx(await send(e, { body: { ...(e.valid as object), "k\u0000": 1 } }), 422, "k\\u0000");
  });

  it("a body that is not an object → 422 at (root)", async () => {
    for (const body of [[], null, 42, "text", true]) expect4xx(await send(e, { body }), 422, "(root)");
  });

  it("unknown fields → 422 naming them (bodies are strict)", async () => {
    expect4xx(await send(e, { body: { ...(e.valid as object), bogus: 1 } }), 422, "bogus");
    const withProto = JSON.stringify(e.valid).replace(/^\{/, '{"__proto__": {"admin": true}, "constructor": 1, ');
    expect4xx(await send(e, { raw: withProto }), 422, "constructor");
  });

  it("wrong types and shapes → 422 naming the field", async () => {
    for (const [field, value, path] of e.wrong) expect4xx(await send(e, { body: setPath(e.valid, field, value) }), 422, path ?? field);
  });

  if (e.names) it("names that are not slugs → 422 naming the field", async () => {
    for (const field of e.names!) {
      for (const bad of ["Bad Name", "UPPER", "-leading-dash", "a".repeat(64), "", "dots.not.allowed", "ünïcode", 7]) {
        expect4xx(await send(e, { body: setPath(e.valid, field, bad) }), 422, field);
      }
    }
  });

  if (e.weights) it("weights not adding up to 100 → 422 naming the split", async () => {
    for (const [body, path] of e.weights!) {
      const res = await send(e, { body });
      expect4xx(res, 422, path);
      expect(res.body.errors.find((x: { path: string }) => x.path === path).message).toMatch(/100|decimal/);
    }
  });
});

describe("after all of the above", () => {
  it("nothing was written", async () => {
    expect(await state()).toBe(snapshot);
  });
});

describe("bad names and ids in the path are 404", () => {
  it.each([
    ["GET", `${P}/routers/Not_A_Slug`],
    ["GET", "/api/v1/projects/UPPER/routers"],
    ["PUT", `${R}/rules/Bad%20Name`],
    ["GET", `${R}/versions/abc`],
    ["GET", `${R}/versions/-1`],
    ["GET", `${R}/versions/1.5`],
    ["DELETE", `${P}/tokens/not-a-uuid`],
    ["GET", `${R}/routes/${"a".repeat(64)}`],
    ["GET", `${P}/routers/Not_A_Slug/gateways`],
    ["GET", `${P}/routers/no-such-router/gateways`],
    ["GET", `${P}/routers/no-such-router/traffic?window=5m`],
  ])("%s %s", async (method, path) => {
    const res = await api.request(method, path, method === "PUT" ? { body: { name: "x" } } : {});
    expect(res.status, res.text).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("a streamed body without Content-Length is cut off at the limit", () => {
  it("→ 413", async () => {
    const piece = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad":"'));
        if (sent > 2 * DEFAULT_MAX_BODY_BYTES) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        controller.enqueue(piece);
        sent += piece.length;
      },
    });
    const res = await fetch(`${t.server.url}${R}/rules`, {
      method: "POST",
      headers: { ...api.headers, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status, await res.clone().text()).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("numbers and dates in paths and queries are bounded by what can exist", () => {
  // PostgreSQL's INTEGER holds version numbers and BIGINT the audit log's ids: one past
  // either used to reach the database and fail there (500).
  it.each([
    ["GET", `${R}/versions/2147483648`, 404],
    ["GET", `${R}/versions/2147483647`, 404],
    ["GET", `${R}/versions/99999999999999999999999`, 404],
    ["GET", `${R}/versions/0`, 404],
    ["POST", `${R}/versions/2147483648/rollback`, 404],
    ["GET", `${R}/versions/2147483648/diff?against=1`, 404],
    ["GET", `${R}/versions/1/diff?against=2147483648`, 400],
    ["GET", `${R}/versions/1/diff?against=2147483647`, 404],
    ["GET", `${R}/versions/1/diff?against=-1`, 400],
    ["GET", `${R}/versions/1/diff?against=1e400`, 400],
    ["GET", `${R}/versions?cursor=2147483648`, 400],
    ["GET", `${R}/versions?cursor=9223372036854775808`, 400],
    ["GET", `${P}/events?cursor=9223372036854775808`, 400],
    ["GET", `${P}/events?cursor=99999999999999999999999999`, 400],
    ["GET", `${P}/events?cursor=-1`, 400],
    ["GET", `${P}/events?cursor=9223372036854775807`, 200],
    ["GET", `${P}/events?limit=2147483648`, 400],
    ["GET", `${P}/routers?limit=0`, 400],
    ["GET", `${P}/routers?limit=9223372036854775808`, 400],
    ["GET", `${P}/audiences?limit=NaN`, 400],
    ["GET", `${P}/audiences?cursor=${"z".repeat(201)}`, 400],
    // Year 0 has the ISO format but no PostgreSQL timestamp.
    ["GET", `${P}/events?from=0000-01-01T00:00:00Z`, 400],
    ["GET", `${P}/events?to=0001-01-01T00:30:00%2B01:00`, 400],
    ["GET", `${P}/events?from=0001-01-01T00:00:00Z`, 200],
    // The administrators' log across projects takes the same bounds.
    ["GET", "/api/v1/events?cursor=9223372036854775808", 400],
    ["GET", "/api/v1/events?from=0000-01-01T00:00:00Z", 400],
    ["GET", `/api/v1/events?project=${"p".repeat(64)}`, 400],
    ["GET", "/api/v1/events?project=%ED%A0%80", 200],
    // A deploy waits for the gateways 30 s at most; the traffic window is one of four.
    ["POST", `${R}/deployments?wait=true&timeoutMs=30001`, 400],
    ["POST", `${R}/deployments?wait=true&timeoutMs=2147483648`, 400],
    ["POST", `${R}/deployments?wait=true&timeoutMs=9223372036854775808`, 400],
    ["POST", `${R}/deployments?wait=true&timeoutMs=1e400`, 400],
    ["POST", `${R}/deployments?wait=true&timeoutMs=1.5`, 400],
    ["POST", `${R}/deployments?wait=true&timeoutMs=1&timeoutMs=2`, 400],
    ["POST", `${R}/deployments?wait=2147483648`, 400],
    ["GET", `${R}/traffic?window=2147483648`, 400],
    ["GET", `${R}/traffic?window=-1m`, 400],
    ["GET", `${R}/traffic?window=1m&window=5m`, 400],
    ["GET", `${R}/traffic?window=1h`, 200],
  ])("%s %s → %i", async (method, path, status) => {
    const res = await api.request(method, path, method === "POST" ? { body: { message: "m" } } : {});
    if (status === 200) return expect(res.status, res.text).toBe(200);
    expectProblem(res, status);
  });
});

describe("nesting up to the limit is served", () => {
  it(`a simulated payload nested ${MAX_JSON_DEPTH - 2} levels deep is decided; one level more is refused`, async () => {
    // { request: { body: <payload> } }: the payload's outermost object is level 3.
    const payload = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
    const ok = await api.request("POST", `${R}/simulate`, { raw: `{"request":{"headers":{"x-shard-key":"k"},"body":${payload(MAX_JSON_DEPTH - 2)}}}` });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.decision.route).toBeDefined();
    const deep = await api.request("POST", `${R}/simulate`, { raw: `{"request":{"headers":{"x-shard-key":"k"},"body":${payload(MAX_JSON_DEPTH - 1)}}}` });
    expectProblem(deep, 422, `request.body${".a".repeat(MAX_JSON_DEPTH - 2)}`);
  });
});

describe("a name already taken is named, never a constraint", () => {
  const expectTaken = (res: ApiResponse, detail: string) => {
    expectProblem(res, 409);
    expect(res.body).toMatchObject({ code: "duplicate", detail });
    expect(res.text).not.toMatch(/_key|_pkey|constraint/);
  };
  const rule = (name: string) => ({ name, conditions: [], strategy: "random", split: [{ route: "stable", weight: 100 }] });

  it("router", async () => expectTaken(await api.post(`${P}/routers`, sampleRouter("r")), "a router named 'r' already exists in project 'bad'"));
  it("audience", async () =>
    expectTaken(await api.post(`${P}/audiences`, { name: "aud", conditions: [{ source: "header", key: "y", operator: "present", values: [] }] }), "an audience named 'aud' already exists in project 'bad'"));
  it("project", async () => expectTaken(await api.post("/api/v1/projects", { name: "bad" }), "a project named 'bad' already exists"));
  it("token", async () =>
    expectTaken(await api.post(`${P}/tokens`, { name: "writer", scope: "read" }), "a token named 'writer' already exists in project 'bad'; revoke it first or choose another name"));
  it("user", async () =>
    expectTaken(await api.post("/api/v1/users", { email: "Member@Example.com", password: "long enough" }), "a user with the email 'member@example.com' already exists"));
  it("member", async () =>
    expectTaken(await api.post(`${P}/members`, { email: "member@example.com", role: "editor" }), "'member@example.com' is already a member of project 'bad'"));
  it("route", async () =>
    expectTaken(await api.post(`${R}/routes`, { name: "canary", url: "http://127.0.0.1:9100" }), "a route named 'canary' already exists in router 'r'"));
  it("rule, created or renamed", async () => {
    expectTaken(await api.post(`${R}/rules`, rule("beta-users")), "a rule named 'beta-users' already exists in router 'r'");
    expect((await api.post(`${R}/rules`, rule("second"))).status).toBe(201);
    expectTaken(await api.put(`${R}/rules/second`, rule("beta-users")), "a rule named 'beta-users' already exists in router 'r'");
  });

  it("two creations racing for one name: one wins, the other is told which name is taken", async () => {
    for (const [path, body, detail] of [
      [`${P}/routers`, sampleRouter("raced"), "a router named 'raced' already exists in project 'bad'"],
      [`${P}/audiences`, { name: "raced", conditions: [{ source: "header", key: "x", operator: "present", values: [] }] }, "an audience named 'raced' already exists in project 'bad'"],
      ["/api/v1/projects", { name: "raced" }, "a project named 'raced' already exists"],
      [`${P}/tokens`, { name: "raced", scope: "read" }, "a token named 'raced' already exists in project 'bad'; revoke it first or choose another name"],
    ] as const) {
      const answers = await Promise.all(Array.from({ length: 4 }, () => api.post(path, body)));
      expect(answers.map((a) => a.status).sort(), path).toEqual([201, 409, 409, 409]);
      for (const a of answers.filter((x) => x.status === 409)) expectTaken(a, detail);
    }
  });

  it("names repeated inside one document are refused at the repetition (422), not at the database", async () => {
    const doc = sampleRouter("r");
    const rev = async () => (await api.get(`${R}/config`)).headers.get("etag")!;
    const aud = (key: string) => ({ name: "twice", conditions: [{ source: "header", key, operator: "present", values: [] }] });
    const cases: [unknown, string][] = [
      [{ ...doc, routes: [...doc.routes, { name: "stable", url: "http://127.0.0.1:9003" }] }, "routes.2.name"],
      [{ ...doc, rules: [doc.rules[0], doc.rules[0]] }, "rules.1.name"],
      [{ ...doc, audiences: [aud("x"), aud("y")], rules: [{ ...doc.rules[0], audience: "twice" }] }, "audiences.1.name"],
      [{ ...doc, defaultRule: { ...doc.defaultRule, split: [{ route: "stable", weight: 50 }, { route: "stable", weight: 50 }] } }, "defaultRule.split.1.route"],
      [{ ...doc, defaultRule: { ...doc.defaultRule, shadows: [{ route: "canary", percent: 5 }, { route: "canary", percent: 5 }] } }, "defaultRule.shadows.1.route"],
    ];
    for (const [body, path] of cases) {
      expectProblem(await api.put(`${R}/config`, body, { ifMatch: await rev() }), 422, path);
      expectProblem(await api.post(`${P}/routers`, { ...(body as object), name: "fresh" }), 422, path);
    }
    expectProblem(await api.post(`${R}/rules`, { ...rule("third"), split: [{ route: "stable", weight: 40 }, { route: "stable", weight: 60 }] }), 422, "split.1.route");
    expectProblem(await api.put(`${R}/default-rule`, { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [{ route: "canary", percent: 1 }, { route: "canary", percent: 2 }] }), 422, "shadows.1.route");
  });
});

describe("text that is valid Unicode is stored as sent", () => {
  it("astral characters (surrogate pairs) and other scripts round-trip", async () => {
    const text = "déploiement 🚀 — 日本語 𝔘";
    const res = await api.patch(P, { description: text });
    expect(res.status, res.text).toBe(200);
    expect((await api.get(P)).body.description).toBe(text);
    const deployed = await api.post(`${R}/deployments`, { message: text });
    expect(deployed.status, deployed.text).toBe(201);
    expect((await api.get(`${R}/versions/${deployed.body.version}`)).body.message).toBe(text);
  });
});

/**
 * Helpers for the API integration tests (`*.db.test.ts` in lib/http): a fresh database,
 * the real route handlers served over HTTP, an administrator signed in with a cookie, and
 * small JSON clients that check every successful answer against the operation's declared
 * response schema. Not used by the app.
 */
import { expect } from "vitest";
import type { ZodType } from "zod";
import { OPERATION_DOCS } from "@/app/api/v1/routes-index";
import { createUser } from "@/lib/auth/users";
import { PASSWORD, sampleRouter, signIn } from "@/lib/testing/api-fixtures";
import { startApiServer } from "@/lib/testing/api-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";

// Response bodies are whatever the API sent; tests read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export type ApiResponse = { status: number; headers: Headers; body: Json; text: string };
export type RequestOptions = {
  body?: unknown;
  /** Sent as is (no JSON encoding); `contentType` defaults to application/json. */
  raw?: string | Uint8Array<ArrayBuffer>;
  contentType?: string | null;
  headers?: Record<string, string>;
  ifMatch?: string | number;
};

export type Client = ReturnType<typeof client>;

type Operation = { key: string; method: string; pattern: RegExp; dynamic: number; status: number; response?: ZodType; contentType?: string };

/** Every documented operation, static path segments before dynamic ones (as the router dispatches). */
const OPERATIONS: Operation[] = Object.entries(OPERATION_DOCS)
  .map(([key, doc]) => {
    const [method, path] = key.split(" ") as [string, string];
    const source = path
      .split("/")
      .map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    return { key, method, pattern: new RegExp(`^${source}/?$`), dynamic: path.split("{").length - 1, status: doc.status, response: doc.response, contentType: doc.contentType };
  })
  .sort((a, b) => a.dynamic - b.dynamic);

/** The documented operation a request reaches, e.g. `PUT /api/v1/projects/{project}/routers/{router}/rules/order`. */
export function operationOf(method: string, pathname: string): Operation | undefined {
  return OPERATIONS.find((op) => op.method === method && op.pattern.test(pathname));
}

/** Paths where `actual` differs from `expected` (what the schema yields from it): fields it would drop or fill in. */
function differences(expected: unknown, actual: unknown, at: string[] = [], out: string[] = []): string[] {
  const where = at.join(".") || "(root)";
  if (out.length >= 20) return out;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((e, i) => differences(e, actual[i], [...at, String(i)], out));
  } else if (isObject(expected) && isObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(key in expected)) out.push(`${[...at, key].join(".")}: not in the schema`);
      else if (!(key in actual)) out.push(`${[...at, key].join(".")}: missing (the schema fills it in)`);
      else differences(expected[key], actual[key], [...at, key], out);
    }
  } else if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    out.push(`${where}: the schema turns ${JSON.stringify(actual)?.slice(0, 80)} into ${JSON.stringify(expected)?.slice(0, 80)}`);
  }
  return out;
}

/**
 * Why a successful answer does not match its operation in the routes index (empty when it
 * does): the documented status, no body for 204, and a JSON body that the declared response
 * schema accepts as it is (nothing dropped, defaulted or transformed).
 */
export function responseProblems(method: string, pathname: string, res: Pick<ApiResponse, "status" | "headers" | "body" | "text">): string[] {
  const op = operationOf(method, pathname);
  if (!op) return [`no operation ${method} ${pathname} in app/api/v1/routes-index.ts`];
  const problems: string[] = [];
  if (res.status !== op.status) problems.push(`answered ${res.status}; "${op.key}" documents ${op.status}`);
  if (!op.response) {
    if (res.text !== "") problems.push(`"${op.key}" declares no response body, yet one came back`);
    return problems;
  }
  const contentType = op.contentType ?? "application/json";
  if (res.headers.get("content-type") !== contentType) return [...problems, `content-type is ${res.headers.get("content-type")}, not ${contentType}`];
  if (contentType === "application/x-ndjson") {
    const lines = res.text.split("\n").filter((line) => line !== "");
    return [
      ...problems,
      ...lines.flatMap((line, i) => {
        const parsed = op.response!.safeParse(JSON.parse(line));
        return parsed.success ? differences(JSON.parse(JSON.stringify(parsed.data)), JSON.parse(line), [`line ${i + 1}`]) : parsed.error.issues.slice(0, 5).map((x) => `line ${i + 1}: ${x.path.join(".")}: ${x.message}`);
      }),
    ];
  }
  const parsed = op.response.safeParse(res.body);
  if (!parsed.success) {
    return [...problems, ...parsed.error.issues.slice(0, 20).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)];
  }
  return [...problems, ...differences(JSON.parse(JSON.stringify(parsed.data ?? null)), res.body)];
}

/** A JSON client with fixed headers (a cookie and Origin, or a bearer token). */
export function client(baseUrl: string, defaults: Record<string, string> = {}) {
  async function request(method: string, path: string, o: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...defaults, ...(o.headers ?? {}) };
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && o.contentType !== null) headers["content-type"] = o.contentType ?? "application/json";
    if (o.ifMatch !== undefined) headers["if-match"] = typeof o.ifMatch === "number" ? `"${o.ifMatch}"` : o.ifMatch;
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: Json = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    const answer = { status: res.status, headers: res.headers, body: parsed, text };
    if (res.status >= 200 && res.status < 300) {
      const problems = responseProblems(method, new URL(path, baseUrl).pathname, answer);
      if (problems.length > 0) {
        throw new Error(`${method} ${path} answered ${res.status} with a body its declared response schema refuses:\n  ${problems.join("\n  ")}\nbody: ${text.slice(0, 500)}`);
      }
    }
    return answer;
  }
  return {
    headers: defaults,
    request,
    get: (path: string, o?: RequestOptions) => request("GET", path, o),
    post: (path: string, body?: unknown, o: RequestOptions = {}) => request("POST", path, { body, ...o }),
    put: (path: string, body?: unknown, o: RequestOptions = {}) => request("PUT", path, { body, ...o }),
    patch: (path: string, body?: unknown, o: RequestOptions = {}) => request("PATCH", path, { body, ...o }),
    del: (path: string, o?: RequestOptions) => request("DELETE", path, o),
    withHeaders: (more: Record<string, string>) => client(baseUrl, { ...defaults, ...more }),
  };
}

export type ApiTest = {
  db: TestDatabase;
  server: Awaited<ReturnType<typeof startApiServer>>;
  /** An administrator signed in with a session cookie (acts as owner of every project). */
  admin: Client;
  /** Creates a project as the administrator and returns a client with a write token of it. */
  project: (name: string) => Promise<{ name: string; path: string; writer: Client; token: string }>;
  close: () => Promise<void>;
};

/** A fresh database, the API over HTTP and a signed-in administrator. Call in beforeAll. */
export async function startApiTest(): Promise<ApiTest> {
  const db = await createTestDatabase();
  // A throwaway database: commits need not wait for the disk (many small transactions here).
  await db.prisma.$executeRawUnsafe(`ALTER DATABASE "${new URL(db.url).pathname.slice(1)}" SET synchronous_commit = off`);
  process.env.DATABASE_URL = db.url;
  const server = await startApiServer();
  await createUser(db.prisma, { email: "admin@example.com", password: PASSWORD, role: "admin", actor: "test" });
  const admin = client(server.url, { cookie: await signIn(server.url, "admin@example.com"), origin: server.url });
  return {
    db,
    server,
    admin,
    project: async (name) => {
      const created = await admin.post("/api/v1/projects", { name });
      if (created.status !== 201) throw new Error(`creating project ${name}: ${created.status} ${created.text}`);
      const token = await admin.post(`/api/v1/projects/${name}/tokens`, { name: "writer", scope: "write" });
      if (token.status !== 201) throw new Error(`creating a token: ${token.status} ${token.text}`);
      return { name, path: `/api/v1/projects/${name}`, token: token.body.token, writer: client(server.url, { authorization: `Bearer ${token.body.token}` }) };
    },
    close: async () => {
      await server.close();
      await db.drop();
    },
  };
}

/**
 * A project holding one of every kind of resource the write routes touch: router `r` (from
 * `sampleRouter`, deployed once), audience `aud`, and `member@example.com` as a viewer.
 * The bad-input and fuzz suites aim their requests at these.
 */
export async function seedEveryResource(t: ApiTest, project: string): Promise<void> {
  const api = t.admin;
  const P = `/api/v1/projects/${project}`;
  await t.project(project);
  expect((await api.post(`${P}/routers`, sampleRouter("r"))).status).toBe(201);
  expect((await api.post(`${P}/routers/r/deployments`, { message: "v1" })).status).toBe(201);
  expect((await api.post(`${P}/audiences`, { name: "aud", conditions: [{ source: "header", key: "x", operator: "present", values: [] }] })).status).toBe(201);
  expect((await api.post("/api/v1/users", { email: "member@example.com", password: "long enough" })).status).toBe(201);
  expect((await api.post(`${P}/members`, { email: "member@example.com", role: "viewer" })).status).toBe(201);
}

/** Asserts a problem+json answer with this status (and, when given, an error naming `path`). */
export function expectProblem(res: ApiResponse, status: number, path?: string | RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String), code: expect.any(String) });
  if (path !== undefined) {
    const paths: string[] = (res.body.errors ?? []).map((e: { path: string }) => e.path);
    if (typeof path === "string") expect(paths, res.text).toContain(path);
    else expect(paths.some((p) => path.test(p)), res.text).toBe(true);
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

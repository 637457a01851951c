import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { createProjectAs } from "@/lib/projects/repo";
import { PASSWORD } from "@/lib/testing/api-fixtures";
import { startApiServer } from "@/lib/testing/api-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/database";
import { CLIENT_HEADER } from "./request-client";

/**
 * Sign-in and cookie writes at the addresses users really use (127.0.0.1, a LAN name, a
 * public name behind a TLS proxy), and the per-address sign-in limit keyed on the socket's
 * peer: each server here is the API behind the same request stamping as the console's.
 */
type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One HTTP request from a chosen local address (127.0.0.x are all this machine), with any Host. */
function send(
  url: string,
  options: { method?: string; from?: string; headers?: Record<string, string>; body?: unknown },
): Promise<Answer> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: options.method ?? "GET",
        localAddress: options.from ?? "127.0.0.1",
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...options.headers },
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const cookieOf = (a: Answer) => (a.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");

let db: TestDatabase;
let loopbackTrusted: Awaited<ReturnType<typeof startApiServer>>;
let nobodyTrusted: Awaited<ReturnType<typeof startApiServer>>;
let proxyTrusted: Awaited<ReturnType<typeof startApiServer>>;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  loopbackTrusted = await startApiServer({ trustedProxies: "loopback" });
  nobodyTrusted = await startApiServer({ trustedProxies: "none" });
  proxyTrusted = await startApiServer({ trustedProxies: "127.0.0.1" });
  const admin = await createUser(db.prisma, { email: "root@example.com", password: PASSWORD, role: "admin", actor: "test" });
  await createProjectAs(db.prisma, { name: "alpha", description: "original" }, { name: "test", userId: admin.id });
}, 60_000);
afterAll(async () => {
  await Promise.all([loopbackTrusted?.close(), nobodyTrusted?.close(), proxyTrusted?.close()]);
  await db?.drop();
});

const login = (server: { url: string }, headers: Record<string, string>, options: { from?: string; email?: string; password?: string } = {}) =>
  send(`${server.url}/api/v1/session`, {
    method: "POST",
    from: options.from,
    headers,
    body: { email: options.email ?? "root@example.com", password: options.password ?? PASSWORD },
  });

const edit = (server: { url: string }, cookie: string, headers: Record<string, string>, description: string) =>
  send(`${server.url}/api/v1/projects/alpha`, { method: "PATCH", headers: { cookie, ...headers }, body: { description } });

describe("the origin the browser used is our origin", () => {
  const port = () => new URL(loopbackTrusted.url).port;

  // Each: how the request reaches the server (Host and forwarded headers) and the Origin a browser there sends.
  const addresses: [string, () => Record<string, string>][] = [
    ["http://127.0.0.1:PORT", () => ({ host: `127.0.0.1:${port()}`, origin: `http://127.0.0.1:${port()}` })],
    ["a LAN address", () => ({ host: "192.168.1.20:3000", origin: "http://192.168.1.20:3000" })],
    ["a LAN host name", () => ({ host: "turnout.lan:3000", origin: "http://turnout.lan:3000" })],
    [
      "https://turnout.example.com behind a TLS proxy",
      () => ({ host: `127.0.0.1:${port()}`, "x-forwarded-host": "turnout.example.com", "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.20", origin: "https://turnout.example.com" }),
    ],
    [
      "a proxy that keeps Host and names the port",
      () => ({ host: "turnout.test", "x-forwarded-proto": "https", "x-forwarded-port": "8443", "x-forwarded-for": "198.51.100.21", origin: "https://turnout.test:8443" }),
    ],
  ];

  it.each(addresses)("signs in and writes from %s", async (_label, headers) => {
    const signedIn = await login(loopbackTrusted, headers());
    expect(signedIn.status, signedIn.body).toBe(200);
    const cookie = cookieOf(signedIn);
    const written = await edit(loopbackTrusted, cookie, headers(), `from ${_label}`);
    expect(written.status, written.body).toBe(200);
    // Another site's page, same browser: still refused.
    const forged = await edit(loopbackTrusted, cookie, { ...headers(), origin: "https://evil.example" }, "hijacked");
    expect(forged.status).toBe(403);
  });

  it("forwarded headers from a peer that is not a trusted proxy are the client's own claims", async () => {
    const headers = { host: "10.0.0.5:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", origin: "https://evil.example" };
    const answer = await login(nobodyTrusted, headers);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).detail).toMatch(/not http:\/\/10\.0\.0\.5:3000/);
    expect((await login(nobodyTrusted, { ...headers, origin: "http://10.0.0.5:3000" })).status).toBe(200);
  });

  it("a client-sent copy of the stamp header is replaced", async () => {
    const forged = `key 203.0.113.1 https://evil.example`;
    const answer = await login(loopbackTrusted, { host: `127.0.0.1:${port()}`, origin: "https://evil.example", [CLIENT_HEADER]: forged });
    expect(answer.status).toBe(403);
  });

  it("TURNOUT_URL is our origin too, whatever Host a proxy sends", async () => {
    process.env.TURNOUT_URL = "https://console.example.org";
    try {
      const headers = { host: "127.0.0.1:3000", origin: "https://console.example.org" };
      const signedIn = await login(nobodyTrusted, headers);
      expect(signedIn.status, signedIn.body).toBe(200);
      expect((await edit(nobodyTrusted, cookieOf(signedIn), headers, "via TURNOUT_URL")).status).toBe(200);
      expect((await login(nobodyTrusted, { ...headers, origin: "https://console.example.net" })).status).toBe(403);
    } finally {
      delete process.env.TURNOUT_URL;
    }
  });
});

describe("the per-address sign-in limit counts the socket's peer", () => {
  // Unknown accounts, so the per-account limit (5 a minute) never decides; the per-address one
  // is 20. Attempts go out together: each failure costs a password hash, and the count is taken
  // when a request arrives.
  const attempt = (from: string, i: number, headers: Record<string, string> = {}) =>
    login(proxyTrusted, { origin: proxyTrusted.url, ...headers }, { from, email: `nobody-${from}-${i}@example.com`, password: "guess" });
  const statusesOf = async (answers: Promise<Answer>[]) => (await Promise.all(answers)).map((a) => a.status).sort();

  it("rotating X-Forwarded-For or forging the stamp header gets no client past it, and locks out nobody else", async () => {
    // 127.0.0.16 is not the trusted proxy (127.0.0.1): what it claims is its own business.
    const claims = (i: number): Record<string, string> => (i % 2 ? { "x-forwarded-for": `203.0.113.${i}` } : { [CLIENT_HEADER]: `k 203.0.113.${i} ${proxyTrusted.url}` });
    const statuses = await statusesOf(Array.from({ length: 22 }, (_, i) => attempt("127.0.0.16", i, claims(i))));
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429, 429]);
    expect((await attempt("127.0.0.17", 0)).status).toBe(401);
    expect((await login(proxyTrusted, { origin: proxyTrusted.url }, { from: "127.0.0.18" })).status).toBe(200);
  });

  it("behind a trusted proxy, each forwarded client has its own count", async () => {
    const viaProxy = (client: string, i: number) => attempt("127.0.0.1", i, { "x-forwarded-for": client });
    const statuses = await statusesOf(Array.from({ length: 21 }, (_, i) => viaProxy("198.51.100.7", i)));
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429]);
    // What the client put in front of the proxy's entry is not believed either.
    expect((await viaProxy("10.1.1.1, 198.51.100.7", 50)).status).toBe(429);
    expect((await viaProxy("198.51.100.8", 51)).status).toBe(401);
  });
});

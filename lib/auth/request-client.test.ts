import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { allowedOrigins } from "./csrf";
import { CLIENT_HEADER, readClient, resolveClient, stampRequest } from "./request-client";
import { parseTrustedProxies } from "./trusted-proxies";

const loopback = parseTrustedProxies(undefined);

function incoming(remoteAddress: string, headers: IncomingHttpHeaders, encrypted = false) {
  return { headers: { ...headers }, socket: { remoteAddress, encrypted } };
}

/** The Headers a route handler would see after the server stamped the request. */
function stamped(req: ReturnType<typeof incoming>, trusted = loopback): Headers {
  stampRequest(req, trusted);
  const out = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(", ") : v);
  return out;
}

describe("resolveClient", () => {
  it.each([
    ["a direct browser: its Host, our scheme", "192.168.1.50", { host: "192.168.1.10:3000" }, false, "192.168.1.50", "http://192.168.1.10:3000"],
    ["a direct TLS peer", "192.168.1.50", { host: "turnout.lan" }, true, "192.168.1.50", "https://turnout.lan"],
    [
      "an untrusted peer's forwarded headers are its own claims",
      "203.0.113.7",
      { host: "10.0.0.5:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "1.2.3.4" },
      false,
      "203.0.113.7",
      "http://10.0.0.5:3000",
    ],
    [
      "a trusted TLS proxy",
      "127.0.0.1",
      { host: "127.0.0.1:3000", "x-forwarded-host": "turnout.example.com", "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.4" },
      false,
      "198.51.100.4",
      "https://turnout.example.com",
    ],
    [
      "a trusted proxy that keeps Host and names the port",
      "::1",
      { host: "turnout.test", "x-forwarded-proto": "https", "x-forwarded-port": "8443", "x-forwarded-for": "127.0.0.1" },
      false,
      "127.0.0.1",
      "https://turnout.test:8443",
    ],
    ["the default port is not spelt", "127.0.0.1", { host: "turnout.test", "x-forwarded-proto": "https", "x-forwarded-port": "443" }, false, "127.0.0.1", "https://turnout.test"],
    ["a chain: the first value", "127.0.0.1", { host: "x", "x-forwarded-host": "a.example, b.example", "x-forwarded-proto": "https, http" }, false, "127.0.0.1", "https://a.example"],
    ["an invalid Host names no origin", "192.0.2.1", { host: "evil.example/path" }, false, "192.0.2.1", null],
    ["no Host at all", "192.0.2.1", {}, false, "192.0.2.1", null],
    ["a bogus forwarded scheme falls back to ours", "127.0.0.1", { host: "h.example", "x-forwarded-proto": "gopher" }, false, "127.0.0.1", "http://h.example"],
  ])("%s", (_label, peer, headers, encrypted, address, origin) => {
    expect(resolveClient(incoming(peer, headers as IncomingHttpHeaders, encrypted), loopback)).toEqual({ address, origin });
  });
});

describe("stampRequest / readClient", () => {
  it("hands the client to route handlers", () => {
    const headers = stamped(incoming("203.0.113.7", { host: "turnout.lan:3000" }));
    expect(readClient(headers)).toEqual({ address: "203.0.113.7", origin: "http://turnout.lan:3000" });
  });

  it("replaces a client-sent copy of the header", () => {
    const forged = `whatever 10.9.9.9 https://evil.example`;
    const headers = stamped(incoming("203.0.113.7", { host: "turnout.lan", [CLIENT_HEADER]: forged }));
    expect(headers.get(CLIENT_HEADER)).not.toBe(forged);
    expect(readClient(headers)).toEqual({ address: "203.0.113.7", origin: "http://turnout.lan" });
  });

  it("ignores a header that does not carry this process's key", () => {
    stamped(incoming("203.0.113.7", { host: "a" }));
    for (const value of ["k 10.9.9.9 https://evil.example", "", "  ", "a b", "x y z w"]) {
      expect(readClient(new Headers({ [CLIENT_HEADER]: value }))).toBeNull();
    }
  });

  it("removes forwarded headers an untrusted peer sent, keeps a trusted proxy's", () => {
    const fromClient = incoming("203.0.113.7", { host: "a", "x-forwarded-for": "1.1.1.1", "x-forwarded-host": "evil", forwarded: "for=1.1.1.1", "x-real-ip": "1.1.1.1" });
    const headers = stamped(fromClient);
    for (const name of ["x-forwarded-for", "x-forwarded-host", "forwarded", "x-real-ip"]) expect(headers.has(name), name).toBe(false);
    const fromProxy = stamped(incoming("127.0.0.1", { host: "a", "x-forwarded-for": "1.1.1.1" }));
    expect(fromProxy.get("x-forwarded-for")).toBe("1.1.1.1");
  });
});

describe("allowedOrigins", () => {
  const listenUrl = "http://localhost:3000/api/v1/session";

  it("is the origin the browser addressed, not the one Next.js listens on", () => {
    const headers = stamped(incoming("192.168.1.50", { host: "192.168.1.10:3000" }));
    expect(allowedOrigins({ headers, url: listenUrl })).toEqual(["http://192.168.1.10:3000"]);
  });

  it("adds TURNOUT_URL", () => {
    const headers = stamped(incoming("10.0.0.9", { host: "10.0.0.5:3000" }));
    const saved = process.env.TURNOUT_URL;
    process.env.TURNOUT_URL = "https://turnout.example.com";
    try {
      expect(allowedOrigins({ headers, url: listenUrl })).toEqual(["http://10.0.0.5:3000", "https://turnout.example.com"]);
    } finally {
      if (saved === undefined) delete process.env.TURNOUT_URL;
      else process.env.TURNOUT_URL = saved;
    }
  });

  it("without a stamp, uses Host with the scheme Next.js listens on", () => {
    const headers = new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" });
    expect(allowedOrigins({ headers, url: listenUrl })).toEqual(["http://127.0.0.1:3000"]);
  });
});

import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { forwardedClientAddress, type TrustedProxies } from "./trusted-proxies";

/**
 * Route handlers never see the socket, so the console's HTTP server (scripts/server.ts, and
 * the test server in lib/testing) works out who is calling before Next.js takes the request,
 * and hands it on in one request header: the client's address (for rate limits) and the
 * origin the browser addressed (for same-origin checks), after applying the trusted-proxy
 * rules. A client-sent copy of the header is always replaced, and the header carries a key
 * generated when the server process starts: a process that did not stamp its requests (a
 * bare `next start`) finds no key and ignores the header, so it cannot be forged there either.
 */
export const CLIENT_HEADER = "x-turnout-client";

/** Forwarded headers that only a trusted proxy may set; removed from anyone else's requests. */
const FORWARDED_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];

export type RequestClient = {
  /** The client's IP address as seen by us or vouched for by a trusted proxy. */
  address: string;
  /** `scheme://host[:port]` the browser used, or null when the request named no valid host. */
  origin: string | null;
};

// Shared by every copy of this module in the process (the server's, and the one bundled into
// the route handlers), never sent anywhere but in the stamped header itself.
const KEY = Symbol.for("turnout.request-client-key");
type WithKey = typeof globalThis & { [KEY]?: string };

function processKey(create: boolean): string | undefined {
  const g = globalThis as WithKey;
  if (!g[KEY] && create) g[KEY] = randomBytes(18).toString("base64url");
  return g[KEY];
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const head = v?.split(",")[0]?.trim();
  return head ? head : undefined;
}

/** `scheme://host[:port]`, with the port dropped when it is the scheme's default; null when the host is not a valid one. */
export function originOf(scheme: string, host: string | undefined, port?: string): string | null {
  if (!host || (scheme !== "http" && scheme !== "https")) return null;
  try {
    const url = new URL(`${scheme}://${host}`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    if (port !== undefined && url.port === "" && /^\d{1,5}$/.test(port)) url.port = port;
    return url.origin;
  } catch {
    return null;
  }
}

export type SocketRequest = {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string; encrypted?: boolean };
};

/** Who sent a request that arrived on `socket`: see {@link CLIENT_HEADER}. */
export function resolveClient(req: SocketRequest, trusted: TrustedProxies): RequestClient {
  const peer = req.socket.remoteAddress ?? "unknown";
  const viaProxy = trusted.has(peer);
  const xff = req.headers["x-forwarded-for"];
  const address = forwardedClientAddress(peer, viaProxy ? (Array.isArray(xff) ? xff.join(",") : xff) : undefined, trusted);
  const ownScheme = req.socket.encrypted ? "https" : "http";
  if (viaProxy) {
    const proto = first(req.headers["x-forwarded-proto"])?.toLowerCase();
    const scheme = proto === "http" || proto === "https" ? proto : ownScheme;
    const forwardedHost = first(req.headers["x-forwarded-host"]);
    return { address, origin: originOf(scheme, forwardedHost ?? req.headers.host, first(req.headers["x-forwarded-port"])) };
  }
  return { address, origin: originOf(ownScheme, req.headers.host) };
}

/**
 * Called by the HTTP server for each request before Next.js sees it: replaces any
 * client-sent {@link CLIENT_HEADER} with our own, and removes forwarded headers that did not
 * come from a trusted proxy (so nothing downstream can be misled by them).
 */
export function stampRequest(req: SocketRequest, trusted: TrustedProxies): RequestClient {
  const client = resolveClient(req, trusted);
  if (!trusted.has(req.socket.remoteAddress ?? "")) for (const name of FORWARDED_HEADERS) delete req.headers[name];
  req.headers[CLIENT_HEADER] = `${processKey(true)} ${client.address} ${client.origin ?? "null"}`;
  return client;
}

/** The stamp our server put on this request, or null when there is none we can trust. */
export function readClient(headers: Headers): RequestClient | null {
  const key = processKey(false);
  const value = headers.get(CLIENT_HEADER);
  if (!key || !value) return null;
  const [given, address, origin, extra] = value.split(" ");
  if (given !== key || !address || !origin || extra !== undefined) return null;
  return { address, origin: origin === "null" ? null : origin };
}

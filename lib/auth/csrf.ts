import { readClient } from "./request-client";

/**
 * The console's public address when it is fixed (`TURNOUT_URL`, e.g. behind a proxy that
 * rewrites Host without forwarding headers): always accepted as our origin. Null when unset;
 * throws on a value that is not a plain http(s) origin, so a typo fails at start.
 */
export function publicOrigin(value = process.env.TURNOUT_URL): string | null {
  if (value === undefined || value.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`TURNOUT_URL: '${value}' is not a URL; write the address users open, e.g. https://turnout.example.com`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || url.search || url.hash || url.pathname !== "/") {
    throw new Error(`TURNOUT_URL: '${value}' must be an http(s) origin without a path, e.g. https://turnout.example.com`);
  }
  return url.origin;
}

/**
 * Origins a cookie-authenticated write may come from: the one this request was addressed to
 * (its Host, or what a trusted proxy forwarded — see lib/auth/request-client.ts) and
 * TURNOUT_URL. Without a stamp from our server, the Host header with the scheme Next.js
 * listens on stands in: a browser always sends the Host it is talking to.
 */
export function allowedOrigins(req: Pick<Request, "headers" | "url">): string[] {
  const out: string[] = [];
  const client = readClient(req.headers);
  if (client) {
    if (client.origin) out.push(client.origin);
  } else {
    const host = req.headers.get("host");
    if (host) {
      try {
        out.push(new URL(`${new URL(req.url).protocol}//${host}`).origin);
      } catch {
        // An invalid Host names no origin we could be.
      }
    }
  }
  const configured = publicOrigin();
  if (configured && !out.includes(configured)) out.push(configured);
  return out;
}

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send `Origin` on
 * every cross-site POST/PUT/PATCH/DELETE and `Sec-Fetch-Site` on modern engines, so a
 * write is refused when its Origin is foreign or "null", or when it has no Origin and the
 * browser says it is cross-site. Bearer requests never reach this check: they carry no
 * ambient credentials.
 */
export function isSameOriginWrite(headers: Headers, ownOrigins: string | readonly string[]): boolean {
  const origin = headers.get("origin");
  if (origin !== null) return typeof ownOrigins === "string" ? origin === ownOrigins : ownOrigins.includes(origin);
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

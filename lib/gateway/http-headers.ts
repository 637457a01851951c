/**
 * Header rewriting at the proxy boundary (RFC 9110 §7.6.1): hop-by-hop headers describe one
 * connection and never cross the gateway; `x-forwarded-*` tell the backend who called.
 */
import type { IncomingHttpHeaders } from "node:http";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]);

/** proxy-connection, proxy-authenticate, proxy-authorization, …: all of them stop here. */
function isProxyHeader(name: string): boolean {
  return name.length > 6 && name.charCodeAt(5) === 45 /* - */ && name.startsWith("proxy-");
}

export function isHopByHop(lowerName: string): boolean {
  return HOP_BY_HOP.has(lowerName) || isProxyHeader(lowerName);
}

/** Extra header names a `Connection` header marks as hop-by-hop (`Connection: close, x-foo`). */
function connectionTokens(value: string | undefined): Set<string> | null {
  if (value === undefined) return null;
  let tokens: Set<string> | null = null;
  for (const raw of value.split(",")) {
    const token = raw.trim().toLowerCase();
    if (token.length === 0 || token === "close" || token === "keep-alive") continue;
    (tokens ??= new Set()).add(token);
  }
  return tokens;
}

export interface ForwardedFrom {
  /** The caller's address as the gateway's socket sees it. */
  readonly remoteAddress: string | undefined;
  /** The scheme the caller used to reach the gateway. */
  readonly proto: string;
}

/**
 * The headers sent upstream, as a flat [name, value, …] list (undici's cheapest form): the
 * caller's headers without hop-by-hop ones, `expect`, and `host` (undici sets the route's),
 * `x-forwarded-for` extended with the caller's address, `x-forwarded-proto` and
 * `x-forwarded-host` set to what the caller used, and `content-length` dropped when the
 * gateway re-sends a body it buffered (undici sets it from the buffer).
 */
export function upstreamHeaders(headers: IncomingHttpHeaders, from: ForwardedFrom, dropContentLength: boolean): string[] {
  const out: string[] = [];
  const extra = connectionTokens(headers.connection);
  let forwardedFor: string | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    switch (name) {
      case "host":
      // Node already answered the caller's 100-continue; undici refuses the header.
      case "expect":
      case "x-forwarded-proto":
      case "x-forwarded-host":
        continue;
      case "x-forwarded-for":
        forwardedFor = Array.isArray(value) ? value.join(", ") : value;
        continue;
      case "content-length":
        if (dropContentLength) continue;
        break;
      default:
        if (isHopByHop(name) || (extra !== null && extra.has(name))) continue;
    }
    if (typeof value === "string") out.push(name, value);
    else for (const v of value) out.push(name, v);
  }
  const address = from.remoteAddress ?? "unknown";
  out.push("x-forwarded-for", forwardedFor === undefined ? address : `${forwardedFor}, ${address}`);
  out.push("x-forwarded-proto", from.proto);
  if (headers.host !== undefined) out.push("x-forwarded-host", headers.host);
  return out;
}

const TURNOUT_PREFIX = "x-turnout-";

/**
 * The backend's response headers for the caller, as a flat list: hop-by-hop headers (and
 * those its `Connection` header names) removed, and any `x-turnout-*` of its own dropped
 * so that the gateway's decision headers are the only ones.
 */
export function downstreamHeaders(raw: readonly Buffer[]): string[] {
  const out: string[] = [];
  let extra: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1");
    const lower = name.toLowerCase();
    if (lower === "connection") {
      extra = connectionTokens(raw[i + 1]!.toString("latin1"));
      continue;
    }
    if (isHopByHop(lower) || lower.startsWith(TURNOUT_PREFIX)) continue;
    out.push(name, raw[i + 1]!.toString("latin1"));
  }
  if (extra === null) return out;
  const named = extra;
  const kept: string[] = [];
  for (let i = 0; i < out.length; i += 2) if (!named.has(out[i]!.toLowerCase())) kept.push(out[i]!, out[i + 1]!);
  return kept;
}

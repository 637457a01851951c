/**
 * Checks on a request as a whole, before anything is routed. Node's parser keeps the first
 * of two `Host` lines (and joins other repeated headers), so the raw header lines are what
 * RFC 9112 §3.2's rules are checked against: an HTTP/1.1 request needs exactly one `Host`,
 * with a valid value. The header lines are counted too: Node's own caps are a size
 * (`--max-http-header-size`, 16 KiB) and a count beyond which it silently drops lines, and
 * a dropped line could be the second `Host`.
 */
import type { IncomingMessage } from "node:http";
import type { Problem } from "./problem";

/** Header lines a request may carry (Envoy's default too); more is a 431. */
export const MAX_HEADER_LINES = 100;

/** RFC 3986 host (reg-name, IPv4, IP-literal) and optional port: nothing else, no spaces. */
const HOST_VALUE = /^[A-Za-z0-9\-._~%!$&'()*+,;=:[\]]*$/;

const TOO_MANY_HEADERS: Problem = {
  status: 431,
  code: "too_many_headers",
  title: "Request Header Fields Too Large",
  detail: `the request has more than ${MAX_HEADER_LINES} header lines`,
};
const MISSING_HOST: Problem = { status: 400, code: "missing_host", title: "Bad Request", detail: "an HTTP/1.1 request needs a Host header" };
const DUPLICATE_HOST: Problem = { status: 400, code: "duplicate_host", title: "Bad Request", detail: "the request has more than one Host header" };
const INVALID_HOST: Problem = { status: 400, code: "invalid_host", title: "Bad Request", detail: "the Host header is not a host name or address with an optional port" };

/** `host` in any case, without allocating a lower-case copy. */
function isHost(name: string): boolean {
  return (
    name.length === 4 &&
    (name.charCodeAt(0) | 32) === 104 &&
    (name.charCodeAt(1) | 32) === 111 &&
    (name.charCodeAt(2) | 32) === 115 &&
    (name.charCodeAt(3) | 32) === 116
  );
}

// Callers mostly send the same Host: the last valid value is not checked again.
let lastValidHost = "";

/** Why the request is refused before routing, or null. */
export function requestProblem(req: IncomingMessage): Problem | null {
  const raw = req.rawHeaders;
  if (raw.length > 2 * MAX_HEADER_LINES) return TOO_MANY_HEADERS;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) if (isHost(raw[i]!)) hosts++;
  if (hosts > 1) return DUPLICATE_HOST;
  if (hosts === 0) return req.httpVersionMajor === 1 && req.httpVersionMinor === 0 ? null : MISSING_HOST;
  const host = req.headers.host!;
  if (host === lastValidHost) return null;
  if (!HOST_VALUE.test(host)) return INVALID_HOST;
  lastValidHost = host;
  return null;
}

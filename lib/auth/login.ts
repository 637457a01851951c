import { isIP } from "node:net";
import type { Db } from "@/lib/db/client";
import { authFor } from "./better-auth";
import { createRateLimiter } from "./rate-limit";
import { readClient } from "./request-client";

// Per account (whatever address the attempts come from) and per client address: guessing
// one password fast, or many accounts from one place, both stop. The address is the socket's
// peer, or what a trusted proxy says it is (lib/auth/request-client.ts); a client's own
// X-Forwarded-For is never believed.
const perAccount = createRateLimiter({ limit: 5, windowMs: 60_000 });
const perAddress = createRateLimiter({ limit: 20, windowMs: 60_000 });

export type LoginResult =
  | { ok: true; response: Response }
  | { ok: false; status: 401 }
  | { ok: false; status: 429; retryAfterSeconds: number };

/**
 * The rate-limit bucket of a request's client: its IPv4 address, or the /64 network of an
 * IPv6 address (one subscriber usually holds a whole /64 and could rotate through it).
 * Requests that did not come through our server's stamp share one bucket.
 */
export function clientAddress(headers: Headers): string {
  const address = readClient(headers)?.address;
  if (!address) return "unknown";
  if (isIP(address) !== 6) return address;
  return `${ipv6Prefix64(address)}::/64`;
}

function ipv6Prefix64(address: string): string {
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 style) takes two groups.
  const width = right.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const groups = address.includes("::") ? [...left, ...Array<string>(8 - left.length - width).fill("0"), ...right] : left;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":");
}

/** Checks the rate limits, then lets better-auth verify the password and mint the session cookie. */
export async function login(db: Db, headers: Headers, email: string, password: string): Promise<LoginResult> {
  const address = clientAddress(headers);
  for (const hit of [perAddress.hit(address), perAccount.hit(email)]) {
    if (!hit.allowed) return { ok: false, status: 429, retryAfterSeconds: hit.retryAfterSeconds };
  }
  const response = await authFor(db).api.signInEmail({ body: { email, password }, headers, asResponse: true });
  if (!response.ok) return { ok: false, status: 401 };
  perAccount.reset(email);
  return { ok: true, response };
}

export async function logout(db: Db, headers: Headers): Promise<Response> {
  return authFor(db).api.signOut({ headers, asResponse: true });
}

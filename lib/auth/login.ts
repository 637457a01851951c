import type { Db } from "@/lib/db/client";
import { authFor } from "./better-auth";
import { createRateLimiter } from "./rate-limit";

// Per account (whatever address the attempts claim to come from) and per client address:
// guessing one password fast, or many accounts from one place, both stop. The address is
// best effort — X-Forwarded-For can be sent by the client — so the account limit does not
// depend on it.
const perAccount = createRateLimiter({ limit: 5, windowMs: 60_000 });
const perAddress = createRateLimiter({ limit: 20, windowMs: 60_000 });

export type LoginResult =
  | { ok: true; response: Response }
  | { ok: false; status: 401 }
  | { ok: false; status: 429; retryAfterSeconds: number };

export function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
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

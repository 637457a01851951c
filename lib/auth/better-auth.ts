import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Db } from "@/lib/db/client";
import { allowedOrigins, publicOrigin } from "./csrf";

export const SESSION_COOKIE_PREFIX = "turnout";

export function secureCookies(): boolean {
  return process.env.NODE_ENV === "production" && process.env.TURNOUT_INSECURE_COOKIES !== "1";
}

/**
 * Whether a browser on `origin` would drop our Secure session cookie: it keeps them only for
 * https pages and for http://localhost and loopback addresses (secure contexts). Signing in
 * from such an origin would "succeed" and leave the user signed out, so the console says why.
 */
export function cookieWouldBeDropped(origin: string | null): boolean {
  if (!origin || !secureCookies()) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return !(host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "::1");
}

/**
 * Passwords and sessions are better-auth's (scrypt hashes, random session tokens in
 * httpOnly, SameSite=Lax cookies, Secure in production). Its HTTP handler is not mounted:
 * the console's own endpoints call `auth.api` after Turnout's same-origin and rate-limit
 * checks, which is why better-auth's duplicate CSRF check is off. Its idea of our address
 * agrees with ours all the same: `baseURL` is TURNOUT_URL when set, and the origins it trusts
 * (for callback and redirect URLs) are exactly those the same-origin check accepts.
 */
export function createAuth(db: Db) {
  return betterAuth({
    database: prismaAdapter(db, { provider: "postgresql" }),
    secret: process.env.BETTER_AUTH_SECRET ?? "turnout-development-secret-change-me-0123456789",
    baseURL: publicOrigin() ?? `http://localhost:${process.env.PORT ?? "3000"}`,
    trustedOrigins: (request) => (request ? allowedOrigins(request) : []),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 256 },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "user", input: false } } },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      useSecureCookies: secureCookies(),
      disableCSRFCheck: true,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: secureCookies() },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { turnoutAuth?: { db: Db; auth: Auth } };

export function authFor(db: Db): Auth {
  if (globalForAuth.turnoutAuth?.db !== db) globalForAuth.turnoutAuth = { db, auth: createAuth(db) };
  return globalForAuth.turnoutAuth.auth;
}

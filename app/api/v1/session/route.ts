import { cookieWouldBeDropped } from "@/lib/auth/better-auth";
import { allowedOrigins, isSameOriginWrite } from "@/lib/auth/csrf";
import { login, logout } from "@/lib/auth/login";
import { loginSchema } from "@/lib/auth/schema";
import { HttpError, reply, route } from "@/lib/http/handler";

/** The signed-in caller. */
export const GET = route({ access: "authenticated" }, async ({ principal }) => reply(principal));

/** Sign in with email and password: sets the session cookie. */
export const POST = route({ access: "public", body: loginSchema, maxBodyBytes: 4096 }, async ({ req, db, body }) => {
  // A login form posted from another site would sign the victim into the attacker's account.
  const own = allowedOrigins(req);
  if (!isSameOriginWrite(req.headers, own)) {
    throw new HttpError(403, "cross_site_request", crossSiteLoginDetail(req.headers.get("origin"), own));
  }
  if (cookieWouldBeDropped(req.headers.get("origin"))) {
    throw new HttpError(
      400,
      "insecure_connection",
      "this console signs in over HTTPS only (its session cookie is Secure, and the browser would drop it here): open it with https://, or set TURNOUT_INSECURE_COOKIES=1 to allow plain HTTP",
    );
  }
  const result = await login(db, req.headers, body.email, body.password);
  if (result.ok) {
    const headers = new Headers({ "content-type": "application/json" });
    for (const cookie of result.response.headers.getSetCookie()) headers.append("set-cookie", cookie);
    return new Response(JSON.stringify({ ok: true }), { status: 200, headers });
  }
  if (result.status === 429) {
    throw new HttpError(429, "too_many_attempts", `too many sign-in attempts; try again in ${result.retryAfterSeconds} s`, { retryAfter: result.retryAfterSeconds });
  }
  throw new HttpError(401, "invalid_credentials", "wrong email or password");
});

/** Sign out: ends the session and clears the cookie. */
export const DELETE = route({ access: "authenticated" }, async ({ req, db }) => {
  const response = await logout(db, req.headers);
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append("set-cookie", cookie);
  return new Response(null, { status: 204, headers });
});

function crossSiteLoginDetail(origin: string | null, own: string[]): string {
  const expected = own.length ? own.join(" or ") : "the console's own address";
  return `sign in from the console's own page (this request comes from ${origin ?? "another site"}, not ${expected}; behind a reverse proxy, set TURNOUT_URL or TURNOUT_TRUSTED_PROXIES)`;
}

import { NextResponse, type NextRequest } from "next/server";
import { loginPathFor, REQUEST_PATH_HEADER } from "@/lib/auth/next-path";
import { newNonce, pageContentSecurityPolicy } from "@/lib/auth/security-headers";

/**
 * Runs before every page:
 *
 * - Content Security Policy with a fresh nonce. Next.js reads the nonce from the request's
 *   `Content-Security-Policy` header and puts it on the scripts it renders; pages are all
 *   rendered per request (the layout reads the session), so every page gets its own.
 * - Optimistic sign-in check: a request without a session cookie is sent to
 *   /login?next=<where it was going>. It only looks at the cookie's presence (no database
 *   here); every page still checks the session and the user's role where it reads data
 *   (lib/auth/page-session.ts), and the API authenticates every call itself.
 *
 * better-auth names the cookie `turnout.session_token`, with the `__Secure-` prefix when
 * cookies are Secure (production), so both names count.
 */
const SESSION_COOKIES = ["turnout.session_token", "__Secure-turnout.session_token"];

/** Pages anyone may open: the login page and the API reference. Files (a dot in the last segment) are public too; names in page paths are slugs, which never contain a dot. */
function isPublic(pathname: string): boolean {
  return /^\/(?:login|docs\/api)(?:\/|$)/.test(pathname) || /\.[A-Za-z0-9]+$/.test(pathname);
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const policy = pageContentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development");

  if (!isPublic(pathname) && !SESSION_COOKIES.some((name) => request.cookies.get(name)?.value)) {
    // Prefetches and other non-document requests get the redirect too; the router follows it.
    // Next.js sends a same-host Location as a relative path, which the browser resolves
    // against the address it used, whatever host or proxy that was.
    const response = NextResponse.redirect(new URL(loginPathFor(`${pathname}${search}`), request.nextUrl));
    response.headers.set("content-security-policy", policy);
    return response;
  }

  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    // Everything but the API and Next.js's own files (their policies come from next.config.ts)
    // and development endpoints.
    "/((?!api(?:/|$)|_next/|__nextjs).*)",
  ],
};

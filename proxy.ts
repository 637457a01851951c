import { NextResponse, type NextRequest } from "next/server";
import { loginPathFor, REQUEST_PATH_HEADER } from "@/lib/auth/next-path";

/**
 * Optimistic sign-in check for pages: a request without a session cookie is sent to
 * /login?next=<where it was going>. It only looks at the cookie's presence (no database
 * here); every page still checks the session and the user's role where it reads data
 * (lib/auth/page-session.ts), and the API authenticates every call itself.
 *
 * better-auth names the cookie `turnout.session_token`, with the `__Secure-` prefix when
 * cookies are Secure (production), so both names count.
 */
const SESSION_COOKIES = ["turnout.session_token", "__Secure-turnout.session_token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (SESSION_COOKIES.some((name) => request.cookies.get(name)?.value)) {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
    return NextResponse.next({ request: { headers } });
  }
  // Prefetches and other non-document requests get the redirect too; the router follows it.
  const url = request.nextUrl.clone();
  const target = new URL(loginPathFor(`${pathname}${search}`), url);
  return NextResponse.redirect(target);
}

export const config = {
  matcher: [
    // Everything except the API, the login page, Next.js internals, the API reference and
    // files with an extension (icons, robots.txt, public assets). Names in page paths are
    // slugs, which never contain a dot.
    "/((?!api(?:/|$)|login(?:/|$)|_next/|docs/api(?:/|$)|.*\\.[A-Za-z0-9]+$).*)",
  ],
};

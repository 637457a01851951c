/**
 * Security headers. Every answer (pages, API, static files, errors) carries
 * {@link SECURITY_HEADERS} and a Content Security Policy with `frame-ancestors 'none'`: no page
 * may be framed (clickjacking: the console has Deploy and Delete buttons). next.config.ts sets
 * the API's and Next.js's files' policies; proxy.ts gives every other answer (pages, public
 * files, not-found pages) {@link pageContentSecurityPolicy} with a fresh nonce, which Next.js
 * puts on its own inline and framework scripts.
 */

/** For API answers (JSON, problem documents): nothing to run, load or frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * For Next.js's own files (/_next/…). A worker runs under the policy of its script's answer,
 * and the rule-analysis worker loads its chunks from here, so same-origin scripts stay allowed.
 */
export const ASSET_CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/**
 * The policy of a page. Scripts run only with the request's nonce ('strict-dynamic' lets
 * those scripts load the app's chunks); development adds 'unsafe-eval', which React uses there
 * to rebuild server error stacks. Styles may be inline: the components and the API reference
 * set style attributes, which nonces cannot cover, and styles cannot run code.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // The rule analysis worker is a same-origin chunk; 'strict-dynamic' does not extend to workers.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The nonce of a page's policy, as proxy.ts put it on the request, for the few inline scripts
 * the app writes itself (Next.js only nonces the scripts it renders).
 */
export function nonceOf(policy: string | null | undefined): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

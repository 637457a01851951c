/**
 * Cookie-authenticated writes must come from our own pages. Browsers send `Origin` on
 * every cross-site POST/PUT/PATCH/DELETE and `Sec-Fetch-Site` on modern engines, so a
 * write is refused when its Origin is foreign or "null", or when it has no Origin and the
 * browser says it is cross-site. Bearer requests never reach this check: they carry no
 * ambient credentials.
 */
export function isSameOriginWrite(headers: Headers, appOrigin: string): boolean {
  const origin = headers.get("origin");
  if (origin !== null) return origin === appOrigin;
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/** Set by proxy.ts on page requests: the path asked for, so a page that finds the session expired can send the user back to it after signing in. */
export const REQUEST_PATH_HEADER = "x-turnout-path";

/**
 * Where to go after signing in. Only a path on this site is accepted ("/projects/demo?x=1"):
 * anything that a browser could read as another origin ("//evil.example", "/\evil",
 * "https://…") or a path back to /login falls back to the home page, so the login page
 * cannot be used as an open redirect.
 */
export function safeNextPath(next: string | string[] | null | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || value.length > 2048) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  // Control characters (tabs and newlines are stripped by URL parsers) could smuggle a second slash.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  let parsed: URL;
  try {
    parsed = new URL(value, "http://turnout.invalid");
  } catch {
    return "/";
  }
  if (parsed.origin !== "http://turnout.invalid") return "/";
  if (parsed.pathname === "/login" || parsed.pathname.startsWith("/login/")) return "/";
  // The input is checked, then normalised: dot segments ("/.//x", "/%2e//x", "/a/..//x") can
  // collapse into a leading "//", which a browser reads as another host. Check the result.
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return isSameOriginPath(path) ? path : "/";
}

/** A path that any URL parser resolves on the current origin, to itself. */
function isSameOriginPath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false;
  try {
    const again = new URL(path, "http://turnout.invalid");
    return again.origin === "http://turnout.invalid" && `${again.pathname}${again.search}${again.hash}` === path;
  } catch {
    return false;
  }
}

/** The login page's URL for someone who wanted `path`. */
export function loginPathFor(path: string): string {
  const next = safeNextPath(path);
  return next === "/" ? "/login" : `/login?${new URLSearchParams({ next }).toString()}`;
}

/**
 * Next.js answers a 500 of its own, before any route handler runs, when a path segment's
 * percent-escapes do not decode as UTF-8 (`/routers/%FF`, a lone surrogate `%ED%A0%80`, a
 * cut escape `%E0%A4%A`). The console's HTTP server refuses such paths first with this.
 */

/** True when every segment of the request target's path decodes as UTF-8 text. */
export function pathDecodes(target: string): boolean {
  const end = target.search(/[?#]/);
  const path = end < 0 ? target : target.slice(0, end);
  if (!path.includes("%")) return true;
  try {
    // One call over the whole path visits each escape once: linear in its length, which
    // Node's header size limit bounds.
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The answer for a path that does not decode: problem+json under /api, text elsewhere. */
export function undecodablePathAnswer(target: string): { status: number; headers: Record<string, string>; body: string } {
  const detail = "The request path holds percent-escapes that are not UTF-8 text.";
  const headers = { "x-content-type-options": "nosniff", "cache-control": "no-store" };
  if (/^\/api(?:\/|$|\?)/.test(target)) {
    const body = JSON.stringify({ type: "https://turnout.dev/problems/invalid_path", title: "Bad request", status: 400, detail, code: "invalid_path" });
    return { status: 400, headers: { ...headers, "content-type": "application/problem+json" }, body };
  }
  return { status: 400, headers: { ...headers, "content-type": "text/plain; charset=utf-8" }, body: `${detail}\n` };
}

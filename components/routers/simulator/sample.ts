import type { KeySource, RoutingRequest } from "@/lib/router/document";

export const SAMPLE_SIZE = 10_000;

function randomKey(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Sets `path` (dots, `[n]` brackets tolerated) in a JSON value, creating objects on the way. */
export function setPayloadPath(body: unknown, path: string, value: string): unknown {
  const segments = path
    .split(".")
    .map((s) => s.replace(/^\[(\d+)\]$/, "$1"))
    .filter((s) => s.length > 0);
  if (segments.length === 0) return body;
  const root: Record<string, unknown> = body !== null && typeof body === "object" ? structuredClone(body as Record<string, unknown>) : {};
  let node: Record<string, unknown> = root;
  for (const [i, segment] of segments.entries()) {
    if (i === segments.length - 1) {
      node[segment] = value;
      break;
    }
    const child = node[segment];
    node[segment] = child !== null && typeof child === "object" ? child : {};
    node = node[segment] as Record<string, unknown>;
  }
  return root;
}

/** The request with `key` as its sticky key, put where the router looks first. */
export function withStickyKey(base: RoutingRequest, source: KeySource | undefined, key: string): RoutingRequest {
  if (!source) return base;
  if (source.source === "header") {
    // Header names are case-insensitive: drop any spelling of this one the user typed.
    const headers = Object.fromEntries(Object.entries(base.headers ?? {}).filter(([k]) => k.toLowerCase() !== source.key.toLowerCase()));
    return { ...base, headers: { ...headers, [source.key]: key } };
  }
  if (source.source === "query") return { ...base, query: { ...(base.query ?? {}), [source.key]: key } };
  return { ...base, body: setPayloadPath(base.body, source.key, key) };
}

/** `n` copies of the request, each with a fresh random sticky key in the router's first key source. */
export function sampleRequests(base: RoutingRequest, source: KeySource | undefined, n = SAMPLE_SIZE): RoutingRequest[] {
  return Array.from({ length: n }, () => withStickyKey(base, source, randomKey()));
}

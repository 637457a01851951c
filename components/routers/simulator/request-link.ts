/**
 * A request carried in the router page's URL (`?tab=simulator&request=…`), so that a link
 * — an example from a replay — opens the simulator with its fields filled in.
 */
import { routingRequestSchema, type RoutingRequest } from "@/lib/router/document";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function encodeRequest(request: RoutingRequest): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(request)));
}

/** The request in `text`, or null when it is not one (a mangled or hand-edited link). */
export function decodeRequest(text: string): RoutingRequest | null {
  try {
    const parsed = routingRequestSchema.safeParse(JSON.parse(new TextDecoder().decode(fromBase64Url(text))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type SimulatorVersion = "draft" | "active";

/** The router page with the simulator open on `request`, against `version`. */
export function simulatorHref(project: string, router: string, request: RoutingRequest, version: SimulatorVersion): string {
  const params = new URLSearchParams({ tab: "simulator", version, request: encodeRequest(request) });
  return `/projects/${project}/routers/${router}?${params}`;
}

import type { NetworkInterfaceInfo } from "node:os";

/**
 * Host names the development server accepts requests for its dev-only resources (hot
 * reload, source maps) from, for Next.js's `allowedDevOrigins`. Next.js allows only
 * `localhost` by default, so a console opened at http://127.0.0.1:3000 or at the machine's LAN
 * address would load but never hydrate. Allowed: every address of this machine's network
 * interfaces, its host name, TURNOUT_URL's host, and TURNOUT_DEV_ORIGINS (host names or
 * Next.js patterns such as `*.example.test`, comma-separated).
 */
export function devOrigins(input: {
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
  hostname: string;
  env: Record<string, string | undefined>;
}): string[] {
  const out = new Set<string>();
  for (const list of Object.values(input.interfaces)) {
    for (const info of list ?? []) {
      // Origin hosts spell IPv6 addresses in brackets, without a zone.
      out.add(info.family === "IPv6" ? `[${info.address.split("%")[0]!.toLowerCase()}]` : info.address);
    }
  }
  if (input.hostname) out.add(input.hostname.toLowerCase());
  if (input.env.TURNOUT_URL) {
    try {
      out.add(new URL(input.env.TURNOUT_URL).hostname.toLowerCase());
    } catch {
      // Reported at start (scripts/start.ts); nothing to allow here.
    }
  }
  for (const entry of (input.env.TURNOUT_DEV_ORIGINS ?? "").split(",")) {
    const host = entry.trim().toLowerCase();
    if (host) out.add(host);
  }
  return [...out];
}

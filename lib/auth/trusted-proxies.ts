import { BlockList, isIP } from "node:net";

/**
 * Which peers may speak for the client in `X-Forwarded-For`, `-Host`, `-Proto` and `-Port`:
 * the reverse proxies in front of the console (`TURNOUT_TRUSTED_PROXIES`). Anyone else's
 * forwarded headers are the client's own claims and are ignored.
 *
 * Entries are addresses (`10.0.0.7`, `::1`), CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or the
 * names `loopback` (127.0.0.0/8 and ::1) and `private` (10/8, 172.16/12, 192.168/16,
 * fc00::/7), separated by commas or spaces; `none` trusts nobody. Unset, loopback is trusted:
 * a proxy on the same machine works without configuration, and only processes on that machine
 * could claim another client's address.
 */
export type TrustedProxies = { readonly source: string; has(address: string): boolean };

export const DEFAULT_TRUSTED_PROXIES = "loopback";

const NAMED: Record<string, [string, number, "ipv4" | "ipv6"][]> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  private: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

export class TrustedProxiesError extends Error {
  constructor(entry: string) {
    super(
      `TURNOUT_TRUSTED_PROXIES: '${entry}' is not an IP address, a CIDR range (10.0.0.0/8, fd00::/8), 'loopback', 'private' or 'none'`,
    );
  }
}

/**
 * The address as one spelling: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, how a dual-stack socket
 * reports IPv4 peers) becomes IPv4, a zone (`fe80::1%eth0`) and brackets are dropped, IPv6 is
 * lowercased. Returns null when the text is not an IP address.
 */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const zone = a.indexOf("%");
  if (zone !== -1) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const version = isIP(a);
  if (version === 4) return a;
  if (version === 6) return a.toLowerCase();
  return null;
}

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const source = value === undefined || value.trim() === "" ? DEFAULT_TRUSTED_PROXIES : value.trim();
  const list = new BlockList();
  const entries = source.split(/[\s,]+/).filter(Boolean);
  let none = false;
  for (const entry of entries) {
    const lower = entry.toLowerCase();
    if (lower === "none") {
      none = true;
      continue;
    }
    const named = NAMED[lower];
    if (named) {
      for (const [net, prefix, type] of named) list.addSubnet(net, prefix, type);
      continue;
    }
    const [base, prefixText, extra] = entry.split("/");
    const address = normalizeAddress(base ?? "");
    if (!address || extra !== undefined) throw new TrustedProxiesError(entry);
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= (type === "ipv4" ? 32 : 128))) throw new TrustedProxiesError(entry);
    list.addSubnet(address, prefix, type);
  }
  if (none && entries.length > 1) throw new TrustedProxiesError(source);
  return {
    source: none ? "none" : source,
    has(raw: string) {
      if (none) return false;
      const address = normalizeAddress(raw);
      if (!address) return false;
      return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** At most this many `X-Forwarded-For` hops are looked at (a chain of proxies is short). */
export const MAX_FORWARDED_HOPS = 32;

/**
 * The client's address: the socket's peer, or, while that peer is a trusted proxy, the
 * address it says it received the request from (the right-most `X-Forwarded-For` entry),
 * and so on leftwards. The first untrusted address is the client; entries to its left are
 * whatever that client claimed and never count. A malformed entry stops the walk at the
 * last address a trusted proxy vouched for.
 */
export function forwardedClientAddress(remoteAddress: string, forwardedFor: string | null | undefined, trusted: TrustedProxies): string {
  let client = normalizeAddress(remoteAddress) ?? remoteAddress;
  if (!forwardedFor || !trusted.has(client)) return client;
  const hops = forwardedFor.split(",").slice(-MAX_FORWARDED_HOPS);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]!);
    if (!hop) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

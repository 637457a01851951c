import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forwardedClientAddress, MAX_FORWARDED_HOPS, normalizeAddress, parseTrustedProxies } from "./trusted-proxies";

describe("parseTrustedProxies", () => {
  it("trusts loopback by default, and nobody else", () => {
    const trusted = parseTrustedProxies(undefined);
    expect(trusted.source).toBe("loopback");
    for (const a of ["127.0.0.1", "127.9.8.7", "::1", "::ffff:127.0.0.1"]) expect(trusted.has(a), a).toBe(true);
    for (const a of ["10.0.0.1", "192.168.1.2", "::2", "fe80::1", "not an address", ""]) expect(trusted.has(a), a).toBe(false);
  });

  it("reads addresses, CIDR ranges and names, separated by commas or spaces", () => {
    const trusted = parseTrustedProxies("10.1.2.3, 172.20.0.0/16 fd00::/8,private");
    expect(trusted.has("10.1.2.3")).toBe(true);
    expect(trusted.has("172.20.255.1")).toBe(true);
    expect(trusted.has("172.21.0.1")).toBe(true); // in private 172.16/12
    expect(trusted.has("fd12::7")).toBe(true);
    expect(trusted.has("192.168.0.9")).toBe(true);
    expect(trusted.has("127.0.0.1")).toBe(false); // loopback only when listed
    expect(trusted.has("8.8.8.8")).toBe(false);
  });

  it("'none' trusts nobody", () => {
    const trusted = parseTrustedProxies("none");
    expect(trusted.has("127.0.0.1")).toBe(false);
    expect(trusted.has("::1")).toBe(false);
  });

  it.each(["10.0.0.0/33", "::/129", "10.0.0.0/8/1", "example.com", "10.0.0.256", "loopback,none", "10.0.0.0/x"])("refuses %j with the setting's name", (value) => {
    expect(() => parseTrustedProxies(value)).toThrow(/TURNOUT_TRUSTED_PROXIES/);
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["[::1]", "::1"],
    ["FE80::1%eth0", "fe80::1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["unknown", null],
    ["192.0.2.1:443", null],
  ])("%j → %j", (raw, expected) => expect(normalizeAddress(raw)).toBe(expected));
});

describe("forwardedClientAddress", () => {
  const loopback = parseTrustedProxies("loopback");
  const twoHops = parseTrustedProxies("127.0.0.1, 10.0.0.0/8");

  it.each([
    ["an untrusted peer's claim is ignored", "203.0.113.9", "198.51.100.1", loopback, "203.0.113.9"],
    ["a trusted proxy names the client", "127.0.0.1", "198.51.100.1", loopback, "198.51.100.1"],
    ["what the client prepended is not believed", "127.0.0.1", "6.6.6.6, 198.51.100.1", loopback, "198.51.100.1"],
    ["a chain of trusted proxies is walked", "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.1.1", twoHops, "198.51.100.1"],
    ["all trusted: the left-most", "127.0.0.1", "10.0.0.2, 10.0.0.1", twoHops, "10.0.0.2"],
    ["a malformed hop stops at the last vouched address", "127.0.0.1", "198.51.100.1, garbage, 10.1.1.1", twoHops, "10.1.1.1"],
    ["no header: the peer", "127.0.0.1", null, loopback, "127.0.0.1"],
    ["an IPv4-mapped peer is IPv4", "::ffff:203.0.113.9", null, loopback, "203.0.113.9"],
  ])("%s", (_label, peer, header, trusted, expected) => {
    expect(forwardedClientAddress(peer, header, trusted)).toBe(expected);
  });

  it("only ever answers the peer or an address a trusted hop vouched for", () => {
    const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("127.0.0.1", "10.0.0.1", "::1", "garbage", ""));
    fc.assert(
      fc.property(address, fc.array(address, { maxLength: 50 }), (peer, hops) => {
        const header = hops.join(", ");
        const client = forwardedClientAddress(peer, header, twoHops);
        const normalPeer = normalizeAddress(peer) ?? peer;
        if (!twoHops.has(peer)) {
          expect(client).toBe(normalPeer);
          return;
        }
        // Walking leftwards from the peer, every address passed over is trusted.
        const chain = [...hops.slice(-MAX_FORWARDED_HOPS).map((h) => normalizeAddress(h)), normalPeer];
        const at = chain.lastIndexOf(client);
        expect(at).toBeGreaterThanOrEqual(0);
        for (const passed of chain.slice(at + 1)) expect(passed !== null && twoHops.has(passed)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("reads a bounded number of hops of a huge header", () => {
    const header = Array.from({ length: 5000 }, (_, i) => `10.0.${(i >> 8) & 255}.${i & 255}`).join(",");
    expect(forwardedClientAddress("127.0.0.1", header, twoHops)).toBe(`10.0.${(4968 >> 8) & 255}.${4968 & 255}`);
  });
});

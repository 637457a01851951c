import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";
import { isCsrfOriginAllowed } from "next/dist/server/app-render/csrf-protection";
import { describe, expect, it } from "vitest";
import nextConfig from "../../next.config";
import { devOrigins } from "./dev-origins";

const iface = (address: string, family: "IPv4" | "IPv6") => ({ address, family }) as NetworkInterfaceInfo;

describe("devOrigins", () => {
  const allowed = devOrigins({
    interfaces: { lo: [iface("127.0.0.1", "IPv4"), iface("::1", "IPv6")], eth0: [iface("192.168.1.23", "IPv4"), iface("fe80::a00:27ff:fe4e:66a1%eth0", "IPv6")] },
    hostname: "Build-Box",
    env: { TURNOUT_URL: "https://turnout.example.com", TURNOUT_DEV_ORIGINS: "*.tunnel.example, dev.example.org" },
  });

  // What Next.js's dev server compares: the hostname of the page's Origin, with its own matcher.
  it.each([
    "http://127.0.0.1:3000",
    "http://[::1]:3000",
    "http://192.168.1.23:3000",
    "http://[fe80::a00:27ff:fe4e:66a1]:3000",
    "http://build-box:3000",
    "https://turnout.example.com",
    "https://abc.tunnel.example",
    "http://dev.example.org:3000",
  ])("lets the dev server answer a page at %s", (origin) => {
    expect(isCsrfOriginAllowed(new URL(origin).hostname, allowed)).toBe(true);
  });

  it.each(["http://192.168.1.24:3000", "https://evil.example", "https://tunnel.example"])("but not one at %s", (origin) => {
    expect(isCsrfOriginAllowed(new URL(origin).hostname, allowed)).toBe(false);
  });
});

describe("the dev server's configuration", () => {
  // Next.js allows only localhost by default: opened at 127.0.0.1 or a LAN address, the page
  // loaded but its dev resources (hot reload, client chunks) were refused and it never hydrated.
  const own = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i?.family === "IPv4")
    .map((i) => i!.address);

  it.each([...new Set(["127.0.0.1", ...own])])("allows pages opened at %s", (host) => {
    expect(isCsrfOriginAllowed(host, nextConfig.allowedDevOrigins ?? [])).toBe(true);
  });
});

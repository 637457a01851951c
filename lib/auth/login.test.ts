import { describe, expect, it } from "vitest";
import { clientAddress } from "./login";
import { CLIENT_HEADER, stampRequest } from "./request-client";
import { parseTrustedProxies } from "./trusted-proxies";

function stampedFrom(remoteAddress: string): Headers {
  const req = { headers: { host: "turnout.test" } as Record<string, string>, socket: { remoteAddress } };
  stampRequest(req, parseTrustedProxies("none"));
  return new Headers({ [CLIENT_HEADER]: req.headers[CLIENT_HEADER]! });
}

describe("clientAddress (the sign-in limit's bucket)", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["::ffff:203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::99", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("%s → %s", (address, bucket) => {
    expect(clientAddress(stampedFrom(address))).toBe(bucket);
  });

  it("puts requests nobody stamped in one bucket", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBe("unknown");
  });
});

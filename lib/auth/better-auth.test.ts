import { afterEach, describe, expect, it, vi } from "vitest";
import { cookieWouldBeDropped } from "./better-auth";

describe("cookieWouldBeDropped", () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([
    ["http://192.168.1.20:3000", true],
    ["http://turnout.lan", true],
    ["https://turnout.example.com", false],
    ["http://localhost:3000", false],
    ["http://app.localhost:3000", false],
    ["http://127.0.0.1:3000", false],
    ["http://127.8.9.10", false],
    ["http://[::1]:3000", false],
    [null, false],
    ["null", false],
  ])("with Secure cookies, a browser on %s drops them: %s", (origin, dropped) => {
    vi.stubEnv("NODE_ENV", "production");
    expect(cookieWouldBeDropped(origin)).toBe(dropped);
  });

  it("never with plain cookies (development, or TURNOUT_INSECURE_COOKIES=1)", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(cookieWouldBeDropped("http://192.168.1.20:3000")).toBe(false);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("TURNOUT_INSECURE_COOKIES", "1");
    expect(cookieWouldBeDropped("http://192.168.1.20:3000")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { decodeRequest, encodeRequest, simulatorHref } from "./request-link";

describe("a request in the simulator's URL", () => {
  it("round-trips any request, non-ASCII text included", () => {
    const request = { headers: { "x-shard-key": "ünï-😀" }, query: { region: ["eu", "us"] }, body: { user: { tier: "gold", n: 27, ok: true, none: null } } };
    expect(decodeRequest(encodeRequest(request))).toEqual(request);
    expect(encodeRequest(request)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses what is not a request", () => {
    expect(decodeRequest("not base64 at all!")).toBeNull();
    expect(decodeRequest(encodeRequest({ headers: { a: 1 } } as never))).toBeNull();
  });

  it("links the router page's simulator tab", () => {
    const href = simulatorHref("demo", "scorer", { headers: { a: "b" } }, "draft");
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/projects/demo/routers/scorer");
    expect(url.searchParams.get("tab")).toBe("simulator");
    expect(url.searchParams.get("version")).toBe("draft");
    expect(decodeRequest(url.searchParams.get("request")!)).toEqual({ headers: { a: "b" } });
  });
});

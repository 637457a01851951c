import { describe, expect, it } from "vitest";
import { compile } from "@/lib/engine";
import { settingsSchema, type RouterDocument } from "@/lib/router/document";
import { sampleRequests, setPayloadPath, withStickyKey } from "./sample";

describe("simulator sampling", () => {
  it("puts the key where the first key source reads it, keeping the rest of the request", () => {
    const base = { headers: { "X-Shard-Key": "typed", "x-tier": "beta" }, query: { a: "1" }, body: { dispatch: { other: 1 }, keep: true } };
    expect(withStickyKey(base, { source: "header", key: "x-shard-key" }, "k1").headers).toEqual({ "x-tier": "beta", "x-shard-key": "k1" });
    expect(withStickyKey(base, { source: "query", key: "user" }, "k2").query).toEqual({ a: "1", user: "k2" });
    expect(withStickyKey(base, { source: "payload", key: "dispatch.dispatchKey" }, "k3").body).toEqual({ dispatch: { other: 1, dispatchKey: "k3" }, keep: true });
    // The base request is not changed.
    expect(base.body).toEqual({ dispatch: { other: 1 }, keep: true });
    expect(withStickyKey(base, undefined, "k4")).toBe(base);
  });

  it("creates the payload path when the body has none", () => {
    expect(setPayloadPath(undefined, "a.b.c", "v")).toEqual({ a: { b: { c: "v" } } });
    expect(setPayloadPath({ a: "scalar" }, "a.b", "v")).toEqual({ a: { b: "v" } });
  });

  it("lands 10 000 random keys close to the configured weights of a sticky split", () => {
    const doc: RouterDocument = {
      name: "r",
      settings: settingsSchema.parse({ keySources: [{ source: "header", key: "x-shard-key" }], missingKey: "reject", strict: false, allowPin: false }),
      routes: [
        { name: "a", url: "http://127.0.0.1:1", timeoutMs: 1000 },
        { name: "b", url: "http://127.0.0.1:2", timeoutMs: 1000 },
      ],
      audiences: [],
      rules: [],
      defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 70 }, { route: "b", weight: 30 }], shadows: [] },
    };
    const router = compile(doc);
    const requests = sampleRequests({}, doc.settings.keySources[0]);
    expect(new Set(requests.map((r) => r.headers?.["x-shard-key"])).size).toBe(10_000);
    const toA = requests.filter((r) => {
      const d = router.decide(r);
      return "route" in d && d.route === "a";
    }).length;
    expect(toA / 10_000).toBeGreaterThan(0.67);
    expect(toA / 10_000).toBeLessThan(0.73);
  });
});

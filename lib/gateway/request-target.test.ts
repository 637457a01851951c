import { describe, expect, it } from "vitest";
import { parseRequestTarget, pathOf, upstreamPath } from "./request-target";

describe("parseRequestTarget", () => {
  it("splits project, router, the rest of the path and the query", () => {
    expect(parseRequestTarget("/demo/ray-canary/v1/predict?x=1&y=2")).toEqual({ project: "demo", router: "ray-canary", rest: "/v1/predict", search: "?x=1&y=2" });
    expect(parseRequestTarget("/demo/ray-canary")).toEqual({ project: "demo", router: "ray-canary", rest: "", search: "" });
    expect(parseRequestTarget("/demo/ray-canary/")).toEqual({ project: "demo", router: "ray-canary", rest: "/", search: "" });
    expect(parseRequestTarget("/demo/ray-canary?a=/b")).toEqual({ project: "demo", router: "ray-canary", rest: "", search: "?a=/b" });
  });

  it("refuses URLs that do not name both a project and a router", () => {
    for (const url of ["/", "/demo", "/demo/", "//router", "/demo?x=/a/b", "*", "/metrics", "/healthz?full=1"]) expect(parseRequestTarget(url)).toBeNull();
  });

  it("takes the path without its query", () => {
    expect(pathOf("/healthz?x=1")).toBe("/healthz");
    expect(pathOf("/metrics")).toBe("/metrics");
  });
});

describe("upstreamPath", () => {
  it("appends the rest of the path to the route's path and merges the queries", () => {
    expect(upstreamPath("", "", "", "")).toBe("/");
    expect(upstreamPath("", "", "/predict", "?x=1")).toBe("/predict?x=1");
    expect(upstreamPath("/v1/models/m", "", "", "")).toBe("/v1/models/m");
    expect(upstreamPath("/v1/models/m", "?key=k", "/predict", "?x=1")).toBe("/v1/models/m/predict?key=k&x=1");
    expect(upstreamPath("/v1", "?key=k", "", "?")).toBe("/v1?key=k");
  });
});

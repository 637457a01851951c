import { describe, expect, it } from "vitest";
import { routerDocumentSchema, type RouterDocumentInput } from "../router/document";
import { routerNeeds } from "./router-needs";

const base: RouterDocumentInput = {
  name: "r",
  settings: { keySources: [{ source: "header", key: "x-user" }] },
  routes: [{ name: "a", url: "http://127.0.0.1:1" }],
  defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }] },
};
const needs = (doc: Partial<RouterDocumentInput>) => routerNeeds(routerDocumentSchema.parse({ ...base, ...doc }));
const rule = (conditions: unknown[], extra: object = {}) => ({ name: "r1", conditions, strategy: "random", split: [{ route: "a", weight: 100 }], ...extra });

describe("routerNeeds", () => {
  it("reads nothing for header-only routers", () => {
    expect(needs({ rules: [rule([{ source: "header", key: "x-a", operator: "present", values: [] }])] as RouterDocumentInput["rules"] })).toEqual({ body: false, query: false });
  });

  it("reads the body for a payload condition, directly or through the rule's audience", () => {
    expect(needs({ rules: [rule([{ source: "payload", key: "user.id", operator: "present", values: [] }])] as RouterDocumentInput["rules"] }).body).toBe(true);
    const audiences = [{ name: "ny", conditions: [{ source: "payload" as const, key: "city", operator: "in" as const, values: ["ny"] }] }];
    expect(needs({ audiences, rules: [rule([], { audience: "ny" })] as RouterDocumentInput["rules"] }).body).toBe(true);
    // An audience no rule uses is never evaluated.
    expect(needs({ audiences, rules: [rule([])] as RouterDocumentInput["rules"] }).body).toBe(false);
  });

  it("reads the body for a payload key source only when some rule is sticky", () => {
    const settings = { keySources: [{ source: "payload" as const, key: "dispatch.dispatchKey" }] };
    expect(needs({ settings }).body).toBe(false);
    expect(needs({ settings, defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 100 }] } }).body).toBe(true);
    expect(needs({ settings, rules: [rule([], { strategy: "sticky" })] as RouterDocumentInput["rules"] }).body).toBe(true);
  });

  it("parses the query only for query conditions or query key sources", () => {
    expect(needs({ rules: [rule([{ source: "query", key: "beta", operator: "in", values: ["1"] }])] as RouterDocumentInput["rules"] }).query).toBe(true);
    expect(needs({ settings: { keySources: [{ source: "query", key: "user" }] }, defaultRule: { strategy: "sticky", split: [{ route: "a", weight: 100 }] } }).query).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { settingsSchema, type RouterDocument } from "@/lib/router/document";
import { diffDocuments } from "@/lib/versions/diff";
import { diffRows } from "./describe";

const base: RouterDocument = {
  name: "r",
  settings: settingsSchema.parse({ keySources: [{ source: "header", key: "x-shard-key" }], missingKey: "reject", strict: false, allowPin: false }),
  routes: [
    { name: "stable", url: "http://127.0.0.1:1", timeoutMs: 2000 },
    { name: "canary", url: "http://127.0.0.1:2", timeoutMs: 2000 },
  ],
  audiences: [],
  rules: [
    { name: "one", conditions: [{ source: "header", key: "x", operator: "in", values: ["1"] }], strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] },
    { name: "two", conditions: [], strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] },
  ],
  defaultRule: { strategy: "random", split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] },
};

describe("diff rows", () => {
  it("lists settings, routes, rules (added, removed, changed, moved) and the default rule in reading order", () => {
    const next: RouterDocument = {
      ...base,
      settings: { ...base.settings, allowPin: true },
      routes: [base.routes[0]!, { ...base.routes[1]!, url: "http://127.0.0.1:3" }, { name: "new", url: "http://127.0.0.1:4", timeoutMs: 500 }],
      rules: [base.rules[1]!, base.rules[0]!],
      defaultRule: { ...base.defaultRule!, split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }] },
    };
    const rows = diffRows(diffDocuments(base, next));
    expect(rows.map((r) => [r.section, r.name, r.change])).toEqual([
      ["Settings", "Allow pin", "changed"],
      ["Routes", "new", "added"],
      ["Routes", "canary", "changed"],
      ["Rules", "two", "moved"],
      ["Rules", "one", "moved"],
      ["Default rule", "default", "changed"],
    ]);
    expect(rows[0]).toMatchObject({ from: ["off"], to: ["on"] });
    expect(rows[2]!.to).toContain("URL http://127.0.0.1:3");
    expect(rows[3]).toMatchObject({ from: ["priority 2"], to: ["priority 1"] });
    expect(rows[5]!.to).toContain("random split: stable 80 %, canary 20 %");
  });

  it("shows a change of a shadow's comparison and of the disagreements kept", () => {
    const next: RouterDocument = {
      ...base,
      settings: { ...base.settings, keepDisagreements: 50 },
      defaultRule: {
        ...base.defaultRule!,
        shadows: [{ route: "canary", percent: 10, compare: { mode: "fields", fields: [{ path: "label" }, { path: "score", tolerance: { absolute: 0.01, relative: 0.05 } }, { path: "top", topK: 3, by: "id" }] } }],
      },
    };
    const before: RouterDocument = { ...base, defaultRule: { ...base.defaultRule!, shadows: [{ route: "canary", percent: 10 }] } };
    const rows = diffRows(diffDocuments(before, next));
    expect(rows.map((r) => [r.section, r.name])).toEqual([["Settings", "Keep disagreements"], ["Default rule", "default"]]);
    expect(rows[0]).toMatchObject({ from: ["0"], to: ["50"] });
    expect(rows[1]!.from).toContain("shadow canary 10 %, compared by exact bytes");
    expect(rows[1]!.to).toContain("shadow canary 10 %, compared by fields label, score ±0.01 or ±5 %, top top 3 by id");
  });

  it("names the recording settings and lists the extra recorded fields", () => {
    const next: RouterDocument = { ...base, settings: { ...base.settings, recordPercent: 5, recordFields: [{ source: "header", key: "x-client" }] } };
    const rows = diffRows(diffDocuments(base, next));
    expect(rows.map((r) => [r.section, r.name])).toEqual([
      ["Settings", "Requests recorded (%)"],
      ["Settings", "Extra recorded fields"],
    ]);
    expect(rows[1]).toMatchObject({ from: ["none"], to: ["header x-client"] });
  });

  it("is empty for identical documents", () => {
    expect(diffRows(diffDocuments(base, structuredClone(base)))).toEqual([]);
  });
});

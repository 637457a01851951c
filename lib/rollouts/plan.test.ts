import { describe, expect, it } from "vitest";
import { settingsSchema, type RouterDocument } from "@/lib/router/document";
import { ruleBody, stageDocument, stagesOf } from "./plan";

const compare = { mode: "fields" as const, fields: [{ path: "prediction.label" }, { path: "prediction.score", tolerance: { absolute: 0.01 } }] };

const doc = (shadows: RouterDocument["rules"][number]["shadows"]): RouterDocument => ({
  name: "r",
  settings: settingsSchema.parse({}),
  routes: ["stable", "canary", "mirror"].map((name, i) => ({ name, url: `http://127.0.0.1:${9000 + i}`, timeoutMs: 1000 })),
  audiences: [],
  rules: [],
  defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows },
});

const shadowPhase = stagesOf({ steps: [{ weight: 100, bakeSeconds: 0, pause: false }], shadow: { percent: 20, durationSeconds: 0, minAgreement: 99 } })[0]!;
const spec = { rule: "default", baseline: "stable", canary: "canary" };

describe("the shadow phase's document", () => {
  it("keeps the comparison the rule's entry for the canary already has, at the phase's share", () => {
    const staged = stageDocument(doc([{ route: "canary", percent: 1, compare }, { route: "mirror", percent: 5 }]), spec, shadowPhase);
    expect(ruleBody(staged, "default")!.shadows).toEqual([
      { route: "mirror", percent: 5 },
      { route: "canary", percent: 20, compare },
    ]);
  });

  it("mirrors with the default (exact) comparison when the rule does not shadow the canary yet", () => {
    const staged = stageDocument(doc([]), spec, shadowPhase);
    expect(ruleBody(staged, "default")!.shadows).toEqual([{ route: "canary", percent: 20 }]);
  });
});

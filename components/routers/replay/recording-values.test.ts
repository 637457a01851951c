import { describe, expect, it } from "vitest";
import { recordingPatch, recordingValuesOf } from "./recording-values";

const values = (patch: Partial<ReturnType<typeof recordingValuesOf>> = {}) => ({
  ...recordingValuesOf({ keySources: [], missingKey: "reject", strict: false, allowPin: false, recordPercent: 1, recordMaxPerSecond: 100, recordFields: [], recordKeys: "raw", keepDisagreements: 0 }),
  ...patch,
});

describe("the recording settings a save sends", () => {
  it("sends what was typed, trimmed", () => {
    expect(recordingPatch(values({ recordPercent: " 12.5 ", recordMaxPerSecond: "250", recordFields: [{ source: "payload", key: " user.plan " }], recordKeys: "slot" }))).toEqual({
      ok: true,
      patch: { recordPercent: 12.5, recordMaxPerSecond: 250, recordFields: [{ source: "payload", key: "user.plan" }], recordKeys: "slot" },
    });
    expect(recordingPatch(values({ recordPercent: "0" }))).toMatchObject({ ok: true, patch: { recordPercent: 0 } });
  });

  it.each([
    [{ recordPercent: "" }, "settings.recordPercent"],
    [{ recordPercent: "250" }, "settings.recordPercent"],
    [{ recordPercent: "-1" }, "settings.recordPercent"],
    [{ recordPercent: "1.234" }, "settings.recordPercent"],
    [{ recordPercent: "abc" }, "settings.recordPercent"],
    [{ recordMaxPerSecond: "0" }, "settings.recordMaxPerSecond"],
    [{ recordMaxPerSecond: "1.5" }, "settings.recordMaxPerSecond"],
    [{ recordMaxPerSecond: "100001" }, "settings.recordMaxPerSecond"],
    [{ recordFields: [{ source: "header" as const, key: "  " }] }, "settings.recordFields.0.key"],
  ])("refuses %o at %s", (patch, path) => {
    const result = recordingPatch(values(patch));
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { errors: Record<string, string> }).errors)).toEqual([path]);
  });
});

/** The recording settings as the Settings form edits them, and the checks a save runs before sending them. */
import type { ConditionSource, RouterSettings } from "@/lib/router/document";

/** The recording settings as the form edits them (numbers as typed, checked on save). */
export type RecordingValues = {
  recordPercent: string;
  recordMaxPerSecond: string;
  recordFields: { source: ConditionSource; key: string }[];
  recordKeys: RouterSettings["recordKeys"];
};

export const recordingValuesOf = (settings: RouterSettings): RecordingValues => ({
  recordPercent: String(settings.recordPercent),
  recordMaxPerSecond: String(settings.recordMaxPerSecond),
  recordFields: settings.recordFields.map((f) => ({ ...f })),
  recordKeys: settings.recordKeys,
});

/** The settings a save sends, or the form's errors by field path. */
export function recordingPatch(values: RecordingValues): { ok: true; patch: Pick<RouterSettings, "recordPercent" | "recordMaxPerSecond" | "recordFields" | "recordKeys"> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const percent = Number(values.recordPercent.trim());
  if (values.recordPercent.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent > 100) errors["settings.recordPercent"] = "A percentage from 0 to 100 (0 turns recording off).";
  else if (Math.abs(Math.round(percent * 100) - percent * 100) > 1e-6) errors["settings.recordPercent"] = "At most two decimals.";
  const cap = Number(values.recordMaxPerSecond.trim());
  if (!Number.isInteger(cap) || cap < 1 || cap > 100_000) errors["settings.recordMaxPerSecond"] = "A whole number from 1 to 100 000.";
  values.recordFields.forEach((f, i) => {
    if (!f.key.trim()) errors[`settings.recordFields.${i}.key`] = "Name the header, payload path or query parameter.";
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    patch: { recordPercent: percent, recordMaxPerSecond: cap, recordFields: values.recordFields.map((f) => ({ source: f.source, key: f.key.trim() })), recordKeys: values.recordKeys },
  };
}

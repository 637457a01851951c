/**
 * How a shadow's answer is compared with the primary's: the `compare` of a shadow entry in
 * the router document. The schema is structural (modes, types, sizes); what makes a spec
 * meaningless — a path with an empty segment, a negative tolerance, k < 1 — is reported by
 * `compareSpecProblems`, which the analysis turns into findings and the write endpoints into
 * 422s, as they do for weights that do not add up to 100.
 */
import { z } from "zod";

export const COMPARE_MODES = ["exact", "json", "fields"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** Longest path, in characters, and most segments a path may have. */
export const COMPARE_PATH_MAX_LENGTH = 256;
export const COMPARE_PATH_MAX_SEGMENTS = 32;
export const COMPARE_MAX_FIELDS = 50;
export const COMPARE_MAX_IGNORED = 100;
export const TOP_K_MAX = 1000;

const pathSchema = z.string().max(COMPARE_PATH_MAX_LENGTH, `at most ${COMPARE_PATH_MAX_LENGTH} characters`);

export const toleranceSchema = z
  .object({
    absolute: z.number().optional().describe("Agree when |primary − shadow| ≤ absolute."),
    relative: z.number().optional().describe("Agree when |primary − shadow| ≤ relative × max(|primary|, |shadow|)."),
  })
  .strict()
  .describe("Numbers (anywhere inside the field's value) agree when within `absolute` OR within `relative`, as Python's math.isclose.");

export const compareFieldSchema = z
  .object({
    path: pathSchema.describe("Where the field is in the JSON answer, in the condition path syntax: `predictions.0.label`, `top.[0]`."),
    tolerance: toleranceSchema.optional(),
    topK: z.number().int().optional().describe("The field is an array: agree when its first k elements form the same set on both sides (order ignored)."),
    by: pathSchema.optional().describe("With topK: compare the elements by the value at this path inside each (e.g. `label`) instead of whole."),
  })
  .strict();

export const compareSpecSchema = z
  .discriminatedUnion("mode", [
    z.object({ mode: z.literal("exact") }).strict(),
    z
      .object({
        mode: z.literal("json"),
        ignore: z
          .array(pathSchema)
          .max(COMPARE_MAX_IGNORED)
          .default([])
          .describe("Paths left out of the comparison on both sides; `*` stands for any key or array index."),
      })
      .strict(),
    z
      .object({
        mode: z.literal("fields"),
        fields: z.array(compareFieldSchema).max(COMPARE_MAX_FIELDS),
      })
      .strict(),
  ])
  .describe(
    "How the shadow's answer is compared with the primary's. `exact` (the default): the bodies are byte for byte equal. `json`: the same JSON value, key order ignored, `ignore` paths left out. `fields`: each listed field equal, within its tolerance, or the same set among its first `topK`. Status classes (2xx, 4xx, 5xx…) are compared in every mode.",
  );

export type CompareSpec = z.infer<typeof compareSpecSchema>;
export type CompareSpecInput = z.input<typeof compareSpecSchema>;
export type CompareField = z.infer<typeof compareFieldSchema>;
export type Tolerance = z.infer<typeof toleranceSchema>;

export const EXACT: CompareSpec = { mode: "exact" };

export interface SpecProblem {
  /** Relative to the spec: ["fields", 1, "tolerance"]. */
  readonly path: (string | number)[];
  readonly message: string;
}

/** Why a path cannot be used, or null. `wildcard`: `*` segments are allowed (ignore paths). */
export function comparePathProblem(path: string, wildcard = false): string | null {
  if (path.length === 0) return "the path is empty";
  const segments = path.split(".");
  if (segments.some((s) => s.length === 0)) return `"${path}" has an empty segment (two dots in a row, or a dot at either end)`;
  if (segments.length > COMPARE_PATH_MAX_SEGMENTS) return `"${path}" has more than ${COMPARE_PATH_MAX_SEGMENTS} segments`;
  if (!wildcard && segments.includes("*")) return `"${path}": "*" (any key) is only allowed in ignore paths`;
  return null;
}

/** Everything that makes a structurally valid spec unusable, each with its path inside the spec. */
export function compareSpecProblems(spec: CompareSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  if (spec.mode === "json") {
    spec.ignore.forEach((path, i) => {
      const problem = comparePathProblem(path, true);
      if (problem) out.push({ path: ["ignore", i], message: problem });
    });
  } else if (spec.mode === "fields") {
    if (spec.fields.length === 0) out.push({ path: ["fields"], message: "list at least one field to compare (or compare the whole answer in json mode)" });
    const seen = new Map<string, number>();
    spec.fields.forEach((field, i) => {
      const problem = comparePathProblem(field.path);
      if (problem) out.push({ path: ["fields", i, "path"], message: problem });
      const first = seen.get(field.path);
      if (first !== undefined) out.push({ path: ["fields", i, "path"], message: `"${field.path}" is already compared by fields.${first}` });
      else seen.set(field.path, i);
      const { tolerance, topK, by } = field;
      if (tolerance !== undefined) {
        const negative = (["absolute", "relative"] as const).filter((k) => (tolerance[k] ?? 0) < 0);
        if (negative.length > 0) out.push({ path: ["fields", i, "tolerance"], message: `the ${negative.join(" and ")} tolerance must not be negative` });
        if (topK !== undefined) out.push({ path: ["fields", i, "tolerance"], message: "a field takes a tolerance or topK, not both" });
      }
      if (topK !== undefined && (topK < 1 || topK > TOP_K_MAX)) out.push({ path: ["fields", i, "topK"], message: `k must be between 1 and ${TOP_K_MAX}` });
      if (by !== undefined) {
        if (topK === undefined) out.push({ path: ["fields", i, "by"], message: "`by` only applies with topK" });
        const problem = comparePathProblem(by);
        if (problem) out.push({ path: ["fields", i, "by"], message: problem });
      }
    });
  }
  return out;
}

import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./messages";

const first = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0]!.message;
};

describe("validation messages", () => {
  it.each([
    [z.number().int().min(1), 0, "must be at least 1"],
    [z.number().max(100), 150, "must be at most 100"],
    [z.number().int(), 1.5, "must be a whole number"],
    [z.string().min(1), "", "required"],
    [z.object({ a: z.string() }), {}, "required"],
    [z.string().max(3), "abcd", "must be at most 3 characters"],
    [z.enum(["a", "b"]), "c", 'must be one of "a", "b"'],
  ])("%#: speaks as the hand-written messages do", (schema, value, message) => {
    expect(first(schema as z.ZodType, value)).toBe(message);
  });

  it("keeps a schema's own message", () => {
    expect(first(z.string().min(1, "describe the change"), "")).toBe("describe the change");
  });
});

import { describe, expect, it } from "vitest";
import { compileComparison, DEFAULT_COMPARE_LIMITS } from "../shadows/compare";
import { BodyCapture, compareAnswers, PrimaryAnswer, type Answer } from "./body-comparison";

const limits = { ...DEFAULT_COMPARE_LIMITS, maxBytes: 64 };

function answer(body: string, status = 200, hash = false): Answer {
  const capture = new BodyCapture(hash, limits.maxBytes);
  for (let i = 0; i < body.length; i += 7) capture.add(Buffer.from(body.slice(i, i + 7)));
  return { status, seconds: 0.01, digest: capture.digest(), capture };
}

describe("BodyCapture", () => {
  it("keeps at most its cap, counts every byte, and keeps nothing once released", () => {
    const capture = new BodyCapture(false, 10);
    for (let i = 0; i < 100; i++) capture.add(Buffer.alloc(3, 97 + (i % 26)));
    expect(capture.size).toBe(300);
    expect(capture.bytes()!.length).toBe(10);
    expect(capture.bytes()!.toString()).toBe("aaabbbcccd");
    const released = new BodyCapture(false, 10);
    released.stopKeeping();
    released.add(Buffer.from("abc"));
    expect(released.bytes()).toBeNull();
    expect(new BodyCapture(false, 0).bytes()).toBeNull();
  });
});

describe("PrimaryAnswer", () => {
  it("lets waiters run after the primary settles, on a later turn", async () => {
    const primary = new PrimaryAnswer(false, 64, 1);
    const seen: (number | null)[] = [];
    primary.whenSettled((a) => seen.push(a?.status ?? null));
    primary.settle(200, 0.01);
    expect(seen).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([200]);
    // Late waiters get the answer at once; a second settle changes nothing.
    primary.settle(null, 0);
    primary.whenSettled((a) => seen.push(a?.status ?? null));
    expect(seen).toEqual([200, 200]);
  });

  it("stops keeping the primary's bytes when every shadow has failed", () => {
    const primary = new PrimaryAnswer(false, 64, 2);
    primary.release();
    primary.capture.add(Buffer.from("{}"));
    expect(primary.capture.bytes()).not.toBeNull();
    primary.release();
    primary.capture.add(Buffer.from("{}"));
    expect(primary.capture.bytes()).toBeNull();
  });
});

describe("compareAnswers", () => {
  it("compares digests in exact mode and parsed bodies within the cap otherwise", () => {
    const exact = compileComparison({ mode: "exact" });
    const json = compileComparison({ mode: "json", ignore: [] });
    const p = (body: string, hash: boolean) => {
      const primary = new PrimaryAnswer(hash, 64, 1);
      primary.capture.add(Buffer.from(body));
      primary.settle(200, 0.01);
      let settled: Answer | null = null;
      primary.whenSettled((a) => (settled = a));
      return { primary, settled: settled! };
    };
    const a = p('{"a":1,"b":2}', true);
    expect(compareAnswers(exact, a.primary, a.settled, answer('{"a":1,"b":2}', 200, true), limits).outcome).toBe("agree");
    expect(compareAnswers(exact, a.primary, a.settled, answer('{"b":2,"a":1}', 200, true), limits).outcome).toBe("disagree");
    const b = p('{"a":1,"b":2}', false);
    expect(compareAnswers(json, b.primary, b.settled, answer('{"b":2,"a":1}'), limits).outcome).toBe("agree");
    expect(compareAnswers(json, b.primary, b.settled, answer(JSON.stringify({ a: 1, b: "x".repeat(100) })), limits)).toEqual({
      outcome: "not_comparable",
      reason: "the shadow's answer is larger than the 64-byte comparison limit",
    });
    expect(compareAnswers(json, b.primary, b.settled, answer('{"a":1}', 503), limits)).toMatchObject({ outcome: "disagree", field: "status" });
  });
});

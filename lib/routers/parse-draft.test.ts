import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { routerDocumentSchema, type RouterDocument } from "@/lib/router/document";
import { freezeRules, parseEditedDocument } from "./parse-draft";
import { reorderRules, updateRule } from "./edits";

/**
 * Parsing only the rules an edit replaced must answer exactly what parsing the whole document
 * answers: the same document, or the same refusal (fields, order, messages).
 */

const NAMES = ["a", "b", "c", "d", "e", "f"];
const conditionArb = fc.oneof(
  fc.record({ source: fc.constantFrom("header", "payload"), key: fc.constantFrom("x-tier", "user.country"), operator: fc.constant("in"), values: fc.array(fc.constantFrom("free", "pro", "eu"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ source: fc.constant("payload"), key: fc.constant("user.age"), operator: fc.constant("range"), values: fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 20 })) }),
);
const validRuleArb = (name: string) =>
  fc.record(
    {
      name: fc.constant(name),
      conditions: fc.array(conditionArb, { maxLength: 2 }),
      strategy: fc.constantFrom("random", "sticky"),
      split: fc.constant([{ route: "stable", weight: 100 }]),
      shadows: fc.constantFrom([], [{ route: "canary", percent: 5 }], [{ route: "canary", percent: 5, compare: { mode: "json", ignore: ["id"] } }]),
      audience: fc.constantFrom("vip"),
      slots: fc.constant("stable:10000"),
    },
    { requiredKeys: ["name", "conditions", "strategy", "split", "shadows"] },
  );
/** What a client may send as a rule: valid, or wrong in one of the ways the schema refuses. */
const sentRuleArb = (name: string) =>
  fc.oneof(
    { weight: 3, arbitrary: validRuleArb(name) },
    validRuleArb(name).chain((r) =>
      fc.constantFrom(
        { ...r, name: "Not A Slug" },
        { ...r, split: [{ route: "stable", weight: 150 }] },
        { ...r, split: [] },
        { ...r, conditions: [{ source: "cookie", key: "k", operator: "in", values: ["x"] }] },
        { ...r, conditions: [{ source: "payload", key: "n", operator: "range", values: [5, 1] }] },
        { ...r, shadows: [{ route: "canary", percent: 5, compare: { mode: "sometimes" } }] },
        { ...r, extra: true },
        { ...r, strategy: undefined },
        null,
        "rule",
      ),
    ),
  );

const currentArb: fc.Arbitrary<RouterDocument> = fc
  .shuffledSubarray(NAMES, { minLength: 1 })
  .chain((names) => fc.tuple(...names.map(validRuleArb)))
  .map((rules) =>
    freezeRules(
      routerDocumentSchema.parse({
        name: "r",
        routes: [
          { name: "stable", url: "http://127.0.0.1:9001" },
          { name: "canary", url: "http://127.0.0.1:9002" },
        ],
        audiences: [{ name: "vip", conditions: [{ source: "header", key: "x-vip", operator: "present", values: [] }] }],
        rules,
        defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] },
      }),
    ),
  );

type Edit = (doc: RouterDocument) => unknown;
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat()).map(([from, to]): Edit => (doc) => {
    const order = doc.rules.map((r) => r.name);
    const [moved] = order.splice(from % order.length, 1);
    order.splice(to % (order.length + 1), 0, moved!);
    return reorderRules(doc, order);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...NAMES)).chain(([i, name]) =>
    sentRuleArb(name).map((rule): Edit => (doc) => ({ ...doc, rules: doc.rules.map((r, j): unknown => (j === i % doc.rules.length ? rule : r)) })),
  ),
  fc.tuple(fc.nat(), validRuleArb("z")).map(([i, rule]): Edit => (doc) => updateRule(doc, doc.rules[i % doc.rules.length]!.name, { ...rule, name: doc.rules[i % doc.rules.length]!.name } as never)),
  fc.tuple(fc.nat(), fc.constantFrom("g", "h")).chain(([i, name]) => sentRuleArb(name).map((rule): Edit => (doc) => ({ ...doc, rules: (doc.rules as unknown[]).toSpliced(i % (doc.rules.length + 1), 0, rule) }))),
  // A rule sent again as JSON (as `PUT …/config` does): equal, keys in another order, or with a field that JSON drops.
  fc.tuple(fc.nat(), fc.constantFrom<(r: object) => unknown>(
    (r) => structuredClone(r),
    (r) => Object.fromEntries(Object.entries(structuredClone(r)).reverse()),
    (r) => ({ ...structuredClone(r), audience: undefined }),
    (r) => ({ ...structuredClone(r), slots: undefined }),
    (r) => ({ ...structuredClone(r), shadows: undefined }),
  )).map(([i, copy]): Edit => (doc) => ({ ...doc, rules: doc.rules.map((r, j) => (j === i % doc.rules.length ? copy(r) : r)) })),
  fc.constant<Edit>((doc) => structuredClone(doc)),
  // The same rule object twice, and the rest of the document wrong in its own ways.
  fc.nat().map((i): Edit => (doc) => ({ ...doc, rules: [...doc.rules, doc.rules[i % doc.rules.length]] })),
  fc.constantFrom<Edit>(
    (doc) => ({ ...doc, name: "Bad Name" }),
    (doc) => ({ ...doc, settings: { ...doc.settings, recordPercent: 300 } }),
    (doc) => ({ ...doc, routes: [{ name: "stable", url: "ftp://x" }] }),
    (doc) => ({ ...doc, defaultRule: { strategy: "random", split: [] } }),
    (doc) => ({ ...doc, unknown: 1 }),
    (doc) => ({ ...doc, rules: "all" }),
    (doc) => ({ ...doc, rules: undefined }),
    (doc) => ({ ...doc, rules: doc.rules.filter((_, i) => i % 2 === 0) }),
    () => null,
  ),
);

function outcome(parse: () => unknown): { ok: true; json: string } | { ok: false; issues: unknown } {
  try {
    return { ok: true, json: JSON.stringify(parse()) };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    return { ok: false, issues: error.issues };
  }
}

describe("parsing an edited draft", () => {
  it("answers what parsing the whole document answers, document or refusal", () => {
    fc.assert(
      fc.property(currentArb, fc.array(editArb, { minLength: 1, maxLength: 3 }), (current, edits) => {
        let input: unknown = current;
        for (const edit of edits) {
          if (typeof input !== "object" || input === null || !Array.isArray((input as RouterDocument).rules)) break;
          try {
            input = edit(input as RouterDocument);
          } catch {
            break; // An edit refused by edits.ts (a repeated name): the document so far is the input.
          }
        }
        expect(outcome(() => parseEditedDocument(input, current))).toEqual(outcome(() => routerDocumentSchema.parse(input)));
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the rules an edit left alone as they are, and parses the one it replaced", () => {
    const current = freezeRules(
      routerDocumentSchema.parse({
        name: "r",
        routes: [{ name: "stable", url: "http://127.0.0.1:9001" }],
        rules: NAMES.map((name) => ({ name, strategy: "random", split: [{ route: "stable", weight: 100 }] })),
        defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }] },
      }),
    );
    const edited = updateRule(current, "c", { name: "c", conditions: [], strategy: "sticky", split: [{ route: "stable", weight: 100 }], shadows: [] });
    const parsed = parseEditedDocument(edited, current);
    expect(parsed.rules.filter((r, i) => r === current.rules[i]).map((r) => r.name)).toEqual(["a", "b", "d", "e", "f"]);
    expect(parsed.rules[2]).not.toBe(edited.rules[2]);
    expect(parsed.rules[2]!.strategy).toBe("sticky");
    // The whole document sent again as JSON keeps every rule it repeats.
    const again = parseEditedDocument(JSON.parse(JSON.stringify(edited)), current);
    expect(again.rules.filter((r, i) => r === current.rules[i]).map((r) => r.name)).toEqual(["a", "b", "d", "e", "f"]);
  });

  it("an edit cannot change a kept rule in place: the current rules are frozen", () => {
    const current = freezeRules(
      routerDocumentSchema.parse({ name: "r", rules: [{ name: "a", strategy: "random", split: [{ route: "stable", weight: 100 }], conditions: [{ source: "header", key: "k", operator: "in", values: ["x"] }] }] }),
    );
    expect(() => {
      (current.rules[0] as { strategy: string }).strategy = "sticky";
    }).toThrow(TypeError);
    expect(() => (current.rules[0]!.conditions[0]!.values as string[]).push("y")).toThrow(TypeError);
    expect(() => (current.rules[0]!.split[0] as { weight: number }).weight++).toThrow(TypeError);
  });
});

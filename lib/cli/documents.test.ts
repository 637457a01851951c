import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routerDocumentSchema, type Audience, type RouterDocumentInput } from "../router/document";
import { checkDocument, parseSource, type Source } from "./documents";
import { audienceManifest, routerManifest } from "./get";
import { CliError } from "./io";
import { routerChanges } from "./diff-text";
import { canonical, sameDocument, storedForm } from "./normalize";
import { toYaml, toYamlStream } from "./output";

const yaml = (text: string, file = "doc.yaml"): Source => ({ file, format: "yaml", text });

function errorOf(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a CliError");
}

describe("reading documents", () => {
  it("tells routers from audiences by kind, or by their keys", () => {
    const [router, audience, guessed] = parseSource(
      yaml("kind: router\nrevision: 3\nname: r\n---\nkind: audience\nname: a\nconditions: [{ source: header, key: x, operator: present, values: [] }]\n---\nname: b\nconditions: [{ source: header, key: x, operator: present, values: [] }]\n"),
    ).map((d) => checkDocument(d));
    expect(router).toMatchObject({ kind: "router", revision: 3, document: { name: "r" } });
    expect(audience).toMatchObject({ kind: "audience", audience: { name: "a" } });
    expect(guessed).toMatchObject({ kind: "audience", audience: { name: "b" } });
    expect(checkDocument(parseSource(yaml("name: r\nroutes: []\n"))[0]!).kind).toBe("router");
  });

  it("names the file, the document, the line and the column of what is wrong", () => {
    expect(errorOf(() => checkDocument(parseSource(yaml("kind: Router\nname: r\n"))[0]!)).message).toBe('doc.yaml: not a valid document:\n  kind: must be "router" or "audience" (line 1, column 7)');
    expect(errorOf(() => checkDocument(parseSource(yaml("revision: seven\nname: r\n"))[0]!)).message).toContain("revision: must be the revision number it was read at (a whole number) (line 1, column 11)");
    expect(errorOf(() => checkDocument(parseSource(yaml("- a\n- b\n"))[0]!)).message).toBe("doc.yaml: expected a router or audience document (a mapping of fields), got a list");
    const missing = errorOf(() => checkDocument(parseSource(yaml("name: r\n---\nname: s\nroutes:\n  - url: http://x\n"))[1]!));
    expect(missing.message).toContain("doc.yaml (document 2): not a valid router document:");
    // A missing field points at its parent.
    expect(missing.message).toContain("routes.0.name: required (line 5, column 5)");
    expect(errorOf(() => parseSource(yaml("a: 1\na: 2\n"))).message).toMatch(/^doc\.yaml: invalid YAML at line 2, column 1: Map keys must be unique/);
    expect(errorOf(() => parseSource({ file: "doc.json", format: "json", text: '{\n  "name": "r",\n  "routes": 3,,\n}' })).message).toMatch(/^doc\.json: invalid JSON/);
  });

  it("checks splits as the API's writes do only when asked", () => {
    const [doc] = parseSource(yaml("name: r\nroutes: [{ name: a, url: 'http://x' }]\ndefaultRule: { strategy: random, split: [{ route: a, weight: 90 }] }\n"));
    expect(checkDocument(doc!).kind).toBe("router");
    expect(errorOf(() => checkDocument(doc!, { forWrite: true })).message).toContain("defaultRule.split: the weights must add up to exactly 100 (they add up to 90) (line 3, column 41)");
  });

  it("refuses alias bombs and survives deep nesting", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    expect(errorOf(() => parseSource(yaml(bomb))).message).toContain("resource exhaustion");
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const outcome = (() => {
      try {
        return parseSource(yaml(deep)).map((d) => checkDocument(d));
      } catch (error) {
        if (error instanceof CliError) return error;
        throw error;
      }
    })();
    expect(outcome instanceof CliError || Array.isArray(outcome)).toBe(true);
  });

  it("any text gives documents or an exit-2 error, never a crash", () => {
    const token = fc.constantFrom("[", "]", "{", "}", ":", ": ", "- ", "-", ",", "\n", "  ", "&a ", "*a", "'", '"', "!!str ", "!x ", "---\n", "#", "|\n", ">\n", "kind: router", "kind: audience", "revision: 1", "name: r", "routes:", "rules:", "conditions:", "- name: a", "url: http://x", "weight: 120", "\t", "\u0000", "…");
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(token, { maxLength: 60 }).map((t) => t.join(""))), (text) => {
        try {
          for (const d of parseSource(yaml(text))) checkDocument(d, { forWrite: true });
        } catch (error) {
          if (!(error instanceof CliError)) throw error;
          expect(error.exitCode).toBe(2);
          expect(error.message.startsWith("doc.yaml")).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** Small router documents whose strings are the ones YAML likes to reinterpret. */
const tricky = fc.oneof(fc.constantFrom("true", "no", "null", "~", "1", "0x1b", "1e3", "-", "*", "&x", "a: b", "#c", " lead", "trail ", "'q'", '"d"', "[x]", "{y}", "multi\nline", "ü-ñ", "%", "@", "`", "!t", "---", "..."), fc.string({ maxLength: 12 }));
const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const condition = fc.oneof(
  fc.record({ source: fc.constantFrom("header", "payload", "query"), key: tricky.filter((k) => k.length > 0), operator: fc.constantFrom("in", "prefix", "suffix", "contains", "regex"), values: fc.array(tricky, { minLength: 1, maxLength: 3 }) }),
  fc.record({ source: fc.constant("payload"), key: fc.constant("age"), operator: fc.constant("range"), values: fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 6, max: 99 })) }),
  fc.record({ source: fc.constant("header"), key: slug, operator: fc.constant("present"), values: fc.constant([]) }),
);
const weight = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100);
const routerDocument: fc.Arbitrary<RouterDocumentInput> = fc
  .record({
    name: slug,
    description: fc.option(tricky, { nil: undefined }),
    routes: fc.uniqueArray(slug, { minLength: 1, maxLength: 3 }),
    rules: fc.uniqueArray(fc.record({ name: slug, conditions: fc.array(condition, { maxLength: 2 }), strategy: fc.constantFrom("random", "sticky"), w: weight }), { selector: (r) => r.name, maxLength: 3 }),
    seed: fc.option(tricky.filter((s) => s.length > 0), { nil: undefined }),
  })
  .map(({ name, description, routes, rules, seed }) => ({
    name,
    ...(description !== undefined ? { description } : {}),
    settings: { allowPin: true, ...(seed !== undefined ? { seed } : {}) },
    routes: routes.map((r, i) => ({ name: r, url: `http://127.0.0.1:${9000 + i}` })),
    rules: rules.map((r) => ({ name: r.name, conditions: r.conditions as never, strategy: r.strategy, split: [{ route: routes[0]!, weight: r.w }] })),
    defaultRule: { strategy: "random" as const, split: [{ route: routes[0]!, weight: 100 }] },
  }));

describe("what get -o yaml writes, apply reads back the same", () => {
  it("router documents round-trip through YAML and JSON, with their kind and revision", () => {
    fc.assert(
      fc.property(routerDocument, fc.nat({ max: 1000 }), (input, revision) => {
        const document = routerDocumentSchema.parse(input);
        for (const source of [yaml(toYaml(routerManifest(document, revision), "a comment\nover two lines")), { file: "r.json", format: "json" as const, text: JSON.stringify(routerManifest(document, revision)) }]) {
          const [doc] = parseSource(source);
          const read = checkDocument(doc!);
          expect(read.kind).toBe("router");
          expect(read.revision).toBe(revision);
          if (read.kind === "router") expect(canonical(read.document)).toBe(canonical(document));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("audience streams round-trip", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ name: slug, conditions: fc.array(condition, { minLength: 1, maxLength: 3 }) }), { selector: (a) => a.name, maxLength: 4 }), (audiences) => {
        const text = toYamlStream(audiences.map((a, i) => ({ value: audienceManifest(a as never, i + 1), comment: `audience ${a.name}` })));
        const read = audiences.length === 0 ? [] : parseSource(yaml(text)).map((d) => checkDocument(d));
        expect(read.map((r) => (r.kind === "audience" ? [r.audience.name, r.revision, canonical(r.audience.conditions)] : null))).toEqual(audiences.map((a, i) => [a.name, i + 1, canonical(a.conditions)]));
      }),
      { numRuns: 100 },
    );
  });
});

describe("the stored form", () => {
  it("is idempotent and ignores key order", () => {
    fc.assert(
      fc.property(routerDocument, (input) => {
        const document = routerDocumentSchema.parse(input);
        const once = storedForm(document);
        expect(storedForm(once)).toEqual(once);
        const reordered = JSON.parse(JSON.stringify(document, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
        expect(sameDocument(storedForm(routerDocumentSchema.parse(reordered)), once)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("fills in the project audiences a router names, keeps only those used, and takes the project's description for the same conditions", () => {
    const vip = { name: "vip", description: "paying", conditions: [{ source: "header" as const, key: "x-vip", operator: "present" as const, values: [] }] };
    const doc = routerDocumentSchema.parse({
      name: "r",
      description: "",
      routes: [{ name: "a", url: "http://x" }],
      audiences: [{ name: "unused", conditions: vip.conditions }, { name: "vip", conditions: vip.conditions }],
      rules: [{ name: "one", audience: "vip", strategy: "random", split: [{ route: "a", weight: 100 }] }, { name: "two", audience: "eu", strategy: "random", split: [{ route: "a", weight: 100 }] }],
    });
    const eu = { name: "eu", conditions: [{ source: "header" as const, key: "x-region", operator: "in" as const, values: ["eu"] }] };
    const stored = storedForm(doc, new Map<string, Audience>([["vip", vip], ["eu", eu]]));
    expect(stored.audiences).toEqual([eu, vip]);
    expect("description" in stored).toBe(false);
  });

  it("keeps each shadow's comparison and the disagreements kept, so that apply writes them and diff shows them", () => {
    const compare = { mode: "fields" as const, fields: [{ path: "label" }, { path: "score", tolerance: { absolute: 0.01 } }] };
    const doc = routerDocumentSchema.parse({
      name: "r",
      settings: { keepDisagreements: 7 },
      routes: [{ name: "a", url: "http://x" }, { name: "b", url: "http://y" }],
      defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [{ route: "b", percent: 5, compare }] },
    });
    const stored = storedForm(doc);
    expect(stored.defaultRule!.shadows).toEqual([{ route: "b", percent: 5, compare }]);
    expect(stored.settings.keepDisagreements).toBe(7);
    const exact = routerDocumentSchema.parse({ ...doc, defaultRule: { ...doc.defaultRule, shadows: [{ route: "b", percent: 5 }] } });
    expect(sameDocument(storedForm(exact), stored)).toBe(false);
    expect(routerChanges(storedForm(exact), stored)).toEqual([`~ default rule: shadows b 5 % → b 5 % compared ${JSON.stringify(compare)}`]);
  });
});

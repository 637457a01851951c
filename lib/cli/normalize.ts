/**
 * A router document in the form the server stores it, so that a file can be compared with
 * a draft exactly: `apply` of a file identical to the draft writes nothing, and `diff`
 * shows only what would change. It mirrors lib/routers/document-repo.ts: empty
 * descriptions dropped, only the audiences rules use (those the file leaves out filled in
 * from the project's), sorted by name, weights at 0.01 resolution.
 */
import type { Audience, Condition, DefaultRule, RouterDocument, Rule } from "../router/document";

const hundredths = (n: number) => Math.round(n * 100) / 100;

function condition(c: Condition): Condition {
  return { source: c.source, key: c.key, operator: c.operator, values: c.values };
}

function body(b: DefaultRule): DefaultRule {
  return {
    strategy: b.strategy,
    split: b.split.map((s) => ({ route: s.route, weight: hundredths(s.weight) })),
    shadows: b.shadows.map((s) => ({ route: s.route, percent: hundredths(s.percent), ...(s.compare ? { compare: s.compare } : {}) })),
    ...(b.slots ? { slots: b.slots } : {}),
  };
}

function audience(a: Audience): Audience {
  return { name: a.name, ...(a.description ? { description: a.description } : {}), conditions: a.conditions.map(condition) };
}

const sameConditions = (a: readonly Condition[], b: readonly Condition[]) => canonical(a.map(condition)) === canonical(b.map(condition));

/**
 * `known`: the project's audiences (and those being applied alongside). A rule's audience the
 * document does not define is taken from there; one it defines with the same conditions as
 * the project's is stored as the project's (its description included).
 */
export function storedForm(doc: RouterDocument, known: ReadonlyMap<string, Audience> = new Map()): RouterDocument {
  const defined = new Map(doc.audiences.map((a) => [a.name, a]));
  const used = [...new Set(doc.rules.map((r) => r.audience).filter((a): a is string => !!a))];
  const audiences = used
    .map((name) => {
      const own = defined.get(name);
      const project = known.get(name);
      if (own && project && sameConditions(own.conditions, project.conditions)) return project;
      return own ?? project;
    })
    .filter((a): a is Audience => a !== undefined)
    .map(audience)
    .sort((a, b) => a.name.localeCompare(b.name));
  const rules: Rule[] = doc.rules.map((r) => {
    const b = body(r);
    return { name: r.name, ...(r.audience ? { audience: r.audience } : {}), conditions: r.conditions.map(condition), strategy: b.strategy, split: b.split, shadows: b.shadows, ...(b.slots ? { slots: b.slots } : {}) };
  });
  return {
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    settings: {
      keySources: doc.settings.keySources.map((k) => ({ source: k.source, key: k.key })),
      missingKey: doc.settings.missingKey,
      strict: doc.settings.strict,
      allowPin: doc.settings.allowPin,
      ...(doc.settings.seed !== undefined && doc.settings.seed !== null ? { seed: doc.settings.seed } : {}),
      keepDisagreements: doc.settings.keepDisagreements,
      recordPercent: hundredths(doc.settings.recordPercent),
      recordMaxPerSecond: doc.settings.recordMaxPerSecond,
      recordFields: doc.settings.recordFields.map((f) => ({ source: f.source, key: f.key })),
      recordKeys: doc.settings.recordKeys,
    },
    routes: doc.routes.map((r) => ({ name: r.name, url: r.url, timeoutMs: r.timeoutMs })),
    audiences,
    rules,
    ...(doc.defaultRule ? { defaultRule: body(doc.defaultRule) } : {}),
  };
}

/**
 * A router created without a default rule sends all traffic to its first route (POST
 * …/routers adds that rule); a file that leaves it out means the same on every apply.
 */
export function withImplicitDefault(doc: RouterDocument): RouterDocument {
  const first = doc.routes[0];
  if (doc.defaultRule || !first) return doc;
  return { ...doc, defaultRule: { strategy: "random", split: [{ route: first.name, weight: 100 }], shadows: [] } };
}

/** The same document without slot tables: versions carry the tables a deploy computed, files and drafts usually not. */
export function withoutSlots(doc: RouterDocument): RouterDocument {
  const strip = <T extends DefaultRule>(b: T): T => {
    const { slots: _s, ...rest } = b;
    return rest as T;
  };
  return { ...doc, rules: doc.rules.map(strip), ...(doc.defaultRule ? { defaultRule: strip(doc.defaultRule) } : {}) };
}

/** JSON with object keys sorted: equal values give equal text whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sameDocument = (a: RouterDocument, b: RouterDocument) => canonical(a) === canonical(b);

export const sameAudience = (a: Audience, b: Audience) => canonical(audience(a)) === canonical(audience(b));

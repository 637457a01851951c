import type { RouterDocument } from "@/lib/router/document";

export type Change<T> = { name: string; from: T; to: T };
export type ListDiff<T> = { added: T[]; removed: T[]; changed: Change<T>[] };

export type DocumentDiff = {
  settings: { field: string; from: unknown; to: unknown }[];
  description: { from: string | undefined; to: string | undefined } | null;
  routes: ListDiff<RouterDocument["routes"][number]>;
  audiences: ListDiff<RouterDocument["audiences"][number]>;
  rules: ListDiff<RouterDocument["rules"][number]> & { moved: { name: string; from: number; to: number }[] };
  defaultRule: { from: RouterDocument["defaultRule"]; to: RouterDocument["defaultRule"] } | null;
  /** True when nothing a request could notice differs (slot tables aside). */
  identical: boolean;
};

// Slot tables are derived at deploy time from the weights; comparing them would report every sticky rule as changed.
const strip = <T extends { slots?: string }>(x: T | undefined) => {
  if (!x) return x;
  const { slots: _s, ...rest } = x;
  return rest;
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function listDiff<T extends { name: string }>(from: T[], to: T[], norm: (x: T) => unknown = (x) => x): ListDiff<T> {
  const a = new Map(from.map((x) => [x.name, x]));
  const b = new Map(to.map((x) => [x.name, x]));
  return {
    added: to.filter((x) => !a.has(x.name)),
    removed: from.filter((x) => !b.has(x.name)),
    changed: to.filter((x) => a.has(x.name) && !same(norm(a.get(x.name)!), norm(x))).map((x) => ({ name: x.name, from: a.get(x.name)!, to: x })),
  };
}

/** A structured diff of two router documents, `from` → `to`. */
export function diffDocuments(from: RouterDocument, to: RouterDocument): DocumentDiff {
  const settings = (Object.keys({ ...from.settings, ...to.settings }) as (keyof RouterDocument["settings"])[])
    .filter((k) => !same(from.settings[k], to.settings[k]))
    .map((field) => ({ field, from: from.settings[field], to: to.settings[field] }));
  const rules = listDiff(from.rules, to.rules, strip);
  const fromOrder = from.rules.map((r) => r.name).filter((n) => to.rules.some((r) => r.name === n));
  const toOrder = to.rules.map((r) => r.name).filter((n) => from.rules.some((r) => r.name === n));
  const moved = toOrder
    .map((name, i) => ({ name, from: fromOrder.indexOf(name), to: i }))
    .filter((m) => m.from !== m.to)
    .map((m) => ({ name: m.name, from: from.rules.findIndex((r) => r.name === m.name), to: to.rules.findIndex((r) => r.name === m.name) }));
  const defaultRule = same(strip(from.defaultRule), strip(to.defaultRule)) ? null : { from: from.defaultRule, to: to.defaultRule };
  const description = from.description === to.description ? null : { from: from.description, to: to.description };
  const routes = listDiff(from.routes, to.routes);
  const audiences = listDiff(from.audiences, to.audiences);
  const identical =
    settings.length === 0 &&
    !defaultRule &&
    moved.length === 0 &&
    [routes, audiences, rules].every((d) => d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0) &&
    same(from.routes.map((r) => r.name), to.routes.map((r) => r.name));
  return { settings, description, routes, audiences, rules: { ...rules, moved }, defaultRule, identical };
}

/**
 * Engine benchmark: decisions per second for compile().decide against a naive interpreter
 * that walks the raw document per request, and keys moved by `rebalance` against cumulative
 * ranges recomputed from the weights (Ray Serve / Dataiku / Unleash), both in the same run.
 */
import { compile } from "../lib/engine";
import { canonicalTable, cumulativeRanges, minimumMovedSlots, movedSlots, rebalance } from "../lib/engine/slots";
import { routerDocumentSchema, type Condition, type Decision, type RouterDocument, type RoutingRequest, type SplitEntry } from "../lib/router/document";

const ROUTES = ["stable", "canary", "a", "b", "c", "d"].map((name, i) => ({ name, url: `http://127.0.0.1:${9001 + i}` }));

/** N rules × 3 conditions: a tenant header (exact match), a payload tier, a query prefix. */
function routerWith(rules: number, indexable: boolean): RouterDocument {
  return routerDocumentSchema.parse({
    name: "bench-router",
    routes: ROUTES,
    rules: Array.from({ length: rules }, (_, i) => ({
      name: `rule-${i}`,
      conditions: [
        indexable
          ? { source: "header", key: "X-Tenant", operator: "in", values: [`tenant-${i}`, `tenant-${i}-eu`] }
          : { source: "header", key: "X-Tenant", operator: "prefix", values: [`tenant-${i}-`] },
        { source: "payload", key: "user.tier", operator: "in", values: ["gold", "platinum"] },
        { source: "query", key: "region", operator: "prefix", values: ["eu-"] },
      ],
      strategy: "random",
      split: [
        { route: "a", weight: 50 },
        { route: "b", weight: 50 },
      ],
    })),
    defaultRule: {
      strategy: "random",
      split: [
        { route: "stable", weight: 90 },
        { route: "canary", weight: 10 },
      ],
      shadows: [{ route: "canary", percent: 5 }],
    },
  });
}

/** Requests that match no rule (unknown tenants), varied so no single shape is cached. */
const REQUESTS: RoutingRequest[] = Array.from({ length: 64 }, (_, i) => ({
  method: "POST",
  path: "/predict",
  headers: { "x-tenant": `nobody-${i}`, "content-type": "application/json", "user-agent": "bench/1.0", "x-request-id": `req-${i}` },
  query: { region: i % 2 ? "us-east-1" : ["ap-south-1", "eu-west-1"] },
  body: { user: { id: `u-${i}`, tier: i % 3 ? "gold" : "silver" }, features: [i, i + 1, i + 2] },
}));

// ——— the baseline: the obvious interpreter, straight over the raw document ———

function naiveValue(condition: Condition, request: RoutingRequest): unknown {
  if (condition.source === "header") {
    const wanted = condition.key.toLowerCase();
    for (const [name, value] of Object.entries(request.headers ?? {})) if (name.toLowerCase() === wanted) return value;
    return undefined;
  }
  if (condition.source === "query") {
    const value = request.query?.[condition.key];
    return Array.isArray(value) ? value[0] : value;
  }
  let value: unknown = request.body;
  for (const part of condition.key.split(".")) {
    const name = part.replace(/^\[(\d+)\]$/, "$1");
    if (value === null || typeof value !== "object" || !(name in value)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return typeof value === "object" && value !== null ? value : typeof value === "string" ? value : JSON.stringify(value);
}

function naiveMatches(condition: Condition, request: RoutingRequest): boolean {
  const value = naiveValue(condition, request);
  if (value === undefined) return false;
  if (condition.operator === "present") return true;
  if (typeof value !== "string") return false;
  const values = condition.values.map(String);
  switch (condition.operator) {
    case "in":
      return values.includes(value);
    case "prefix":
      return values.some((v) => value.startsWith(v));
    case "suffix":
      return values.some((v) => value.endsWith(v));
    case "contains":
      return values.some((v) => value.includes(v));
    case "range":
      return Number(value) >= Number(condition.values[0]) && Number(value) <= Number(condition.values[1]);
    default:
      return false;
  }
}

function naivePick(split: SplitEntry[]): string {
  let draw = Math.random() * 100;
  for (const entry of split) {
    if (draw < entry.weight) return entry.route;
    draw -= entry.weight;
  }
  return split[split.length - 1]!.route;
}

function naiveDecide(document: RouterDocument, request: RoutingRequest): Decision {
  for (const rule of document.rules) {
    if (rule.conditions.every((c) => naiveMatches(c, request))) {
      const route = naivePick(rule.split);
      return { rule: rule.name, route, shadows: rule.shadows.filter((s) => s.route !== route && Math.random() * 100 < s.percent).map((s) => s.route), sticky: false };
    }
  }
  const rule = document.defaultRule!;
  const route = naivePick(rule.split);
  return { rule: "default", route, shadows: rule.shadows.filter((s) => s.route !== route && Math.random() * 100 < s.percent).map((s) => s.route), sticky: false };
}

// ——— measurement ———

let sink = 0;

/** Decisions per second over `ms` of steady calls. */
function perSecond(decide: (request: RoutingRequest) => Decision, ms: number): number {
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) {
      const decision = decide(REQUESTS[i & 63]!);
      if ("route" in decision) sink += decision.route.length;
    }
    calls += 1000;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

/**
 * Best of `rounds` interleaved rounds for each contender: the machine is shared, and the best
 * round is the one least disturbed by other processes, for both sides alike.
 */
function race(ours: (r: RoutingRequest) => Decision, naive: (r: RoutingRequest) => Decision, ms: number, rounds = 3) {
  perSecond(ours, ms / 2);
  perSecond(naive, ms / 2);
  let best = { ours: 0, naive: 0 };
  for (let round = 0; round < rounds; round++) {
    best = { ours: Math.max(best.ours, perSecond(ours, ms)), naive: Math.max(best.naive, perSecond(naive, ms)) };
  }
  return best;
}

const rate = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${Math.round(n / 1e3)} k/s`);

const TARGETS: Record<number, number> = { 10: 2_500_000, 100: 300_000, 1000: 200_000 };

function throughputRows(indexable: boolean, ms: number): string[] {
  return [10, 100, 1000].map((rules) => {
    const document = routerWith(rules, indexable);
    const router = compile(document);
    const { ours, naive } = race((r) => router.decide(r), (r) => naiveDecide(document, r), ms);
    const target = TARGETS[rules]!;
    const verdict = indexable ? ` | ≥ ${rate(target)} | ${ours >= target ? "yes" : "**no**"}` : "";
    return `| ${rules} | ${rate(ours)} | ${rate(naive)} | ${(ours / naive).toFixed(1)}×${verdict} |`;
  });
}

const split = (weights: number[]) => weights.map((weight, i) => ({ route: ["a", "b", "c", "d"][i]!, weight }));

const CHANGES: [string, number[], number[]][] = [
  ["90/10 → 80/20", [90, 10], [80, 20]],
  ["50/50 → 40/40/20", [50, 50], [40, 40, 20]],
  ["33/33/34 → 0/50/50", [33, 33, 34], [0, 50, 50]],
  ["25/25/25/25 → 10/40/25/25", [25, 25, 25, 25], [10, 40, 25, 25]],
  ["20/60/20 → 40/20/40", [20, 60, 20], [40, 20, 40]],
];

function movedRows(): string[] {
  return CHANGES.map(([label, before, after]) => {
    const previous = canonicalTable(split(before));
    const minimum = minimumMovedSlots(previous, split(after));
    const ours = movedSlots(previous, rebalance(previous, split(after)));
    const cumulative = movedSlots(cumulativeRanges(split(before)), cumulativeRanges(split(after)));
    return `| ${label} | ${minimum} | ${ours} (${(ours / minimum).toFixed(2)}×) | ${cumulative} (${(cumulative / minimum).toFixed(2)}×) |`;
  });
}

export async function run(): Promise<string> {
  const ms = 600;
  const indexed = throughputRows(true, ms);
  const unindexed = throughputRows(false, ms);
  if (sink < 0) throw new Error("unreachable: keeps the decisions observable");
  return [
    "## Engine",
    "",
    "Decisions per second (best of 3 interleaved rounds of 0.6 s), one core, for requests that match no rule (every rule is ruled out, the default rule answers: random 90/10 with a 5 % shadow).",
    "Each rule has 3 conditions: header `x-tenant` `in` 2 values, payload `user.tier` `in`, query `region` `prefix`.",
    "Baseline: a naive interpreter looping over the raw document's rules and conditions per request.",
    "",
    "| rules | compile().decide | naive interpreter | ratio | target | met |",
    "|---:|---:|---:|---:|---:|:--|",
    ...indexed,
    "",
    "Same routers with the tenant condition as a `prefix` (no exact-match index applies: every rule is tested; no target):",
    "",
    "| rules | compile().decide | naive interpreter | ratio |",
    "|---:|---:|---:|---:|",
    ...unindexed,
    "",
    "Sticky keys moved (of 10 000 slots) when the weights change, from the canonical table; the minimum is Σ|Δslots|/2.",
    "",
    "| change | minimum | rebalance | cumulative ranges |",
    "|---|---:|---:|---:|",
    ...movedRows(),
  ].join("\n");
}

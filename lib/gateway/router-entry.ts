/**
 * A deployed version made ready to serve: the document validated by the router schema and
 * compiled by the engine, its routes resolved to connection pools, and the parts of a
 * request its rules read. A version that fails either check is refused here, so that the
 * config store can keep serving the previous one.
 */
import type { Pool } from "undici";
import { compile, type CompiledRouter } from "../engine";
import { storedRouterDocumentSchema, type RouterDocument } from "../router/document";
import { compileComparison, type CompiledComparison } from "../shadows/compare";
import type { GatewayMetrics, RouteStats } from "./metrics";
import { routerNeeds, type RouterNeeds } from "./router-needs";
import { recordingState, type RecordingState } from "./sample-recorder";
import type { Upstreams } from "./upstreams";

/** One active version as stored (the database row, or the cache file's copy of it). */
export interface RouterRecord {
  readonly project: string;
  readonly router: string;
  readonly version: number;
  readonly versionId: string;
  readonly document: unknown;
}

export interface RouteTarget {
  readonly name: string;
  readonly origin: string;
  /** The route URL's path without a trailing slash ("" for the root). */
  readonly basePath: string;
  /** The route URL's query including "?", or "". */
  readonly baseQuery: string;
  readonly timeoutMs: number;
  readonly pool: Pool;
  readonly stats: RouteStats;
}

export interface RouterEntry {
  readonly record: RouterRecord;
  readonly project: string;
  readonly router: string;
  readonly version: number;
  /** `x-turnout-version`, ready to send. */
  readonly versionHeader: string;
  readonly document: RouterDocument;
  readonly compiled: CompiledRouter;
  readonly needs: RouterNeeds;
  readonly routes: ReadonlyMap<string, RouteTarget>;
  /** How each rule (`default` for the default rule) compares each of its shadow routes. */
  readonly comparisons: ReadonlyMap<string, ReadonlyMap<string, CompiledComparison>>;
  /** How many disagreements to store (0: none). */
  readonly keepDisagreements: number;
  /** Request headers a stored disagreement keeps: those the rules and key sources read (lower case). */
  readonly sampleHeaders: readonly string[];
  /** What the gateway records of the requests it serves for replay; null when nothing. */
  readonly recording: RecordingState | null;
}

const EXACT = compileComparison();

/** The comparison of `route` as a shadow of `rule`: exact when the entry says nothing. */
export function comparisonOf(entry: RouterEntry, rule: string, route: string): CompiledComparison {
  return entry.comparisons.get(rule)?.get(route) ?? EXACT;
}

function compileComparisons(document: RouterDocument): Map<string, Map<string, CompiledComparison>> {
  const all = new Map<string, Map<string, CompiledComparison>>();
  const bodies = [...document.rules.map((r) => [r.name, r] as const), ...(document.defaultRule ? [["default", document.defaultRule] as const] : [])];
  for (const [name, body] of bodies) {
    // A rule listed twice keeps the first (the engine's behaviour); so does a route listed twice as a shadow.
    if (all.has(name)) continue;
    const byRoute = new Map<string, CompiledComparison>();
    body.shadows.forEach((shadow, i) => {
      if (byRoute.has(shadow.route) || shadow.compare === undefined) return;
      try {
        byRoute.set(shadow.route, compileComparison(shadow.compare));
      } catch (error) {
        throw new Error(`${name === "default" ? "defaultRule" : `rule "${name}"`} shadows.${i}.compare: ${(error as Error).message}`);
      }
    });
    all.set(name, byRoute);
  }
  return all;
}

function headersRead(document: RouterDocument): string[] {
  const names = new Set<string>();
  const used = new Set(document.rules.map((r) => r.audience).filter((a): a is string => !!a));
  for (const rule of document.rules) for (const c of rule.conditions) if (c.source === "header") names.add(c.key.toLowerCase());
  for (const audience of document.audiences) if (used.has(audience.name)) for (const c of audience.conditions) if (c.source === "header") names.add(c.key.toLowerCase());
  for (const k of document.settings.keySources) if (k.source === "header") names.add(k.key.toLowerCase());
  return [...names].sort();
}

export type BuildResult = { ok: true; entry: RouterEntry } | { ok: false; reason: string };

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(document)"}: ${i.message}`)
    .join("; ");
}

export function buildRouterEntry(record: RouterRecord, upstreams: Upstreams, metrics: GatewayMetrics): BuildResult {
  const parsed = storedRouterDocumentSchema.safeParse(record.document);
  if (!parsed.success) return { ok: false, reason: `invalid document: ${describeIssues(parsed.error.issues)}` };
  const document = parsed.data;
  let compiled: CompiledRouter;
  let comparisons: Map<string, Map<string, CompiledComparison>>;
  try {
    compiled = compile(document);
  } catch (error) {
    return { ok: false, reason: `the engine could not compile it: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    comparisons = compileComparisons(document);
  } catch (error) {
    return { ok: false, reason: `a shadow comparison is unusable: ${(error as Error).message}` };
  }
  const routes = new Map<string, RouteTarget>();
  for (const route of document.routes) {
    const url = new URL(route.url);
    const basePath = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
    routes.set(route.name, {
      name: route.name,
      origin: url.origin,
      basePath,
      baseQuery: url.search,
      timeoutMs: route.timeoutMs,
      pool: upstreams.pool(url.origin),
      stats: metrics.route(record.project, record.router, route.name),
    });
  }
  return {
    ok: true,
    entry: {
      record,
      project: record.project,
      router: record.router,
      version: record.version,
      versionHeader: String(record.version),
      document,
      compiled,
      needs: routerNeeds(document),
      routes,
      comparisons,
      keepDisagreements: document.settings.keepDisagreements,
      sampleHeaders: headersRead(document),
      recording: recordingState(document),
    },
  };
}

/**
 * Shapes the router API answers with, as the console reads them. Types only: the
 * server modules they come from are never bundled into the browser.
 */
import type { ApiResult } from "@/lib/api-client/fetch";
import type { Finding, RouterDocument } from "@/lib/router/document";
import type { RouterSummaryView } from "@/lib/routers/summary";
import type { UndeployRuleImpact } from "@/lib/routers/undeploy";
import type { DocumentDiff } from "@/lib/versions/diff";

export type RouterSummary = RouterSummaryView;
export type RouterList = { items: RouterSummary[]; nextCursor: string | null };
/**
 * The draft as cached under `keys.config`: the API client's result, `{ data: document, revision }`.
 * The rules editor caches (and optimistically updates) the same entry, so the shape is shared.
 */
export type RouterConfig = ApiResult<RouterDocument>;
export type Analysis = { revision: number; errors: number; warnings: number; findings: Finding[] };
export type VersionItem = { number: number; message: string; author: string; createdAt: string; active: boolean };
export type VersionPage = { items: VersionItem[]; nextCursor: string | null };
export type VersionDetail = VersionItem & { document: RouterDocument };
export type VersionDiff = { from: number; to: number; diff: DocumentDiff };
export type UndeployResult = { dryRun: boolean; route: string; rules: UndeployRuleImpact[]; revision?: number };

/** The API path of a router, for building sub-resource paths. */
export const routerPath = (project: string, router: string) => `/projects/${project}/routers/${router}`;

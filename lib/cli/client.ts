/**
 * The CLI's REST client: the request core the console uses too (lib/api-client/request.ts),
 * with a bearer token, and every answer shaped by the API's own zod response schemas.
 */
import type { z, ZodType } from "zod";
import { ApiError, request, type ApiRequest, type ApiResult, type Transport } from "../api-client/request";
import { principalSchema } from "../auth/schema";
import { projectListSchema } from "../projects/schema";
import { routerDocumentSchema, type Audience, type RouterDocument } from "../router/document";
import {
  analysisResponseSchema,
  audiencePageSchema,
  audienceResponseSchema,
  deploymentResponseSchema,
  rollbackResponseSchema,
  routerPageSchema,
  routerSummarySchema,
  undeployResponseSchema,
  versionPageSchema,
  versionResponseSchema,
  type UndeployBody,
} from "../routers/schema";
import { CliError, CliFailure, type Io } from "./io";
import { LOGIN_HINT, resolveTarget, type Target } from "./credentials";

const TIMEOUT_MS = 60_000;
/** A deploy that waits for the gateways may take longer. */
const WAIT_TIMEOUT_MS = 10 * 60_000;
/** How often a request the server answered "busy" (503, nothing changed) is sent, and the pause before the next. */
const BUSY_ATTEMPTS = 3;
const BUSY_PAUSE_MS = 1000;
/** Lists are read whole, page by page: a bound on the pages. */
const MAX_PAGES = 1000;

export type Principal = z.infer<typeof principalSchema>;

/** Why a request could not be made at all (the server never answered). */
function networkFailure(url: string, error: unknown): CliFailure {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === "TimeoutError") return new CliFailure(`${url}: no answer within ${TIMEOUT_MS / 1000} s`);
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliFailure(`cannot reach ${url}: ${reason}`);
}

export class Api {
  readonly transport: Transport;

  constructor(readonly url: string, token: string) {
    this.transport = { baseUrl: `${url}/api/v1`, headers: { authorization: `Bearer ${token}`, "user-agent": "turnout-cli" } };
  }

  async call<S extends ZodType | undefined = undefined>(path: string, req: ApiRequest<S> & { timeoutMs?: number } = {}): Promise<ApiResult<S extends ZodType ? z.infer<S> : unknown>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request<unknown, S>(this.transport, path, { ...req, signal: AbortSignal.timeout(req.timeoutMs ?? TIMEOUT_MS) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw networkFailure(this.url, error);
        // 503 busy: the server changed nothing (its row lock was contended), so the same request may go again.
        if (error.status !== 503 || error.code !== "busy" || attempt >= BUSY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSE_MS * attempt));
      }
    }
  }

  session() {
    return this.call("/session", { schema: principalSchema });
  }
}

/** The items of every page of a paginated list. */
async function allPages<T>(api: Api, path: string, schema: ZodType<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const sep = path.includes("?") ? "&" : "?";
    const answer: ApiResult<{ items: T[]; nextCursor: string | null }> = await api.call(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { schema });
    items.push(...answer.data.items);
    const next: string | null = answer.data.nextCursor;
    if (next === null || next === cursor) return items;
    cursor = next;
  }
  throw new CliFailure(`${path}: more than ${MAX_PAGES} pages`);
}

const seg = encodeURIComponent;

/** One project's API, as a token (or `--project`) names it. */
export class ProjectApi {
  constructor(
    readonly api: Api,
    readonly project: string,
  ) {}

  private get base() {
    return `/projects/${seg(this.project)}`;
  }

  private router(name: string) {
    return `${this.base}/routers/${seg(name)}`;
  }

  projects = () => this.api.call("/projects", { schema: projectListSchema });
  routers = () => allPages(this.api, `${this.base}/routers`, routerPageSchema);
  routerSummary = (name: string) => this.api.call(this.router(name), { schema: routerSummarySchema });
  config = (name: string) => this.api.call(`${this.router(name)}/config`, { schema: routerDocumentSchema });
  analysis = (name: string) => this.api.call(`${this.router(name)}/analysis`, { schema: analysisResponseSchema });
  versions = (name: string) => allPages(this.api, `${this.router(name)}/versions`, versionPageSchema);
  version = (name: string, n: number) => this.api.call(`${this.router(name)}/versions/${n}`, { schema: versionResponseSchema });
  audiences = () => allPages(this.api, `${this.base}/audiences`, audiencePageSchema);
  audience = (name: string) => this.api.call(`${this.base}/audiences/${seg(name)}`, { schema: audienceResponseSchema });

  createRouter = (document: RouterDocument) => this.api.call(`${this.base}/routers`, { method: "POST", body: document, schema: routerSummarySchema });
  replaceConfig = (document: RouterDocument, revision: number) =>
    this.api.call(`${this.router(document.name)}/config`, { method: "PUT", body: document, revision, schema: routerDocumentSchema });
  createAudience = (audience: Audience) => this.api.call(`${this.base}/audiences`, { method: "POST", body: audience, schema: audienceResponseSchema });
  updateAudience = (audience: Audience, revision: number) =>
    this.api.call(`${this.base}/audiences/${seg(audience.name)}`, {
      method: "PATCH",
      body: { description: audience.description ?? "", conditions: audience.conditions },
      revision,
      schema: audienceResponseSchema,
    });

  /** `wait` asks the server to answer once the gateways serve the version; servers that do not know it ignore it. */
  deploy = (name: string, message: string, revision: number, wait: boolean) =>
    this.api.call(`${this.router(name)}/deployments${wait ? "?wait=true" : ""}`, {
      method: "POST",
      body: { message },
      revision,
      schema: deploymentResponseSchema.loose(),
      timeoutMs: wait ? WAIT_TIMEOUT_MS : TIMEOUT_MS,
    });
  rollback = (name: string, n: number, message?: string) =>
    this.api.call(`${this.router(name)}/versions/${n}/rollback`, { method: "POST", body: message ? { message } : {}, schema: rollbackResponseSchema });
  undeploy = (name: string, route: string, body: Omit<UndeployBody, "dryRun"> & { dryRun: boolean }) =>
    this.api.call(`${this.router(name)}/routes/${seg(route)}/undeploy`, { method: "POST", body, schema: undeployResponseSchema });
}

/** A 404 answer as null, so callers can tell "does not exist" from a failure. */
export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The API as the environment or the credentials file say, for the token's project (or `--project`). */
export async function connect(io: Io, projectOption?: string): Promise<ProjectApi> {
  const target: Target = await resolveTarget(io);
  const api = new Api(target.url, target.token);
  const project = projectOption ?? target.project ?? (await projectOfToken(api));
  return new ProjectApi(api, project);
}

/** The project an API token belongs to, as `GET /api/v1/session` says. */
export async function projectOfToken(api: Api): Promise<string> {
  let principal: Principal;
  try {
    principal = (await api.session()).data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new CliFailure(`${api.url}: ${error.detail}: ${LOGIN_HINT}`);
    throw error;
  }
  if (principal.kind !== "token") throw new CliError("these credentials are not a project's API token: name the project with --project");
  return principal.projectName;
}

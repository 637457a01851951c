import { z, ZodError, type ZodType } from "zod";
// Every body and query the API parses speaks in the one validation voice, whatever schema module it uses.
import "@/lib/validation/messages";
import { requireAdmin, requireProjectRole, type ProjectAccess } from "@/lib/auth/access";
import { allowedOrigins, isSafeMethod, isSameOriginWrite } from "@/lib/auth/csrf";
import { authenticate, type Principal } from "@/lib/auth/principal";
import type { ProjectRole } from "@/lib/auth/roles";
import { prisma, type Db } from "@/lib/db/client";
import { translateDbError } from "@/lib/db/translate-error";
import { DomainError } from "@/lib/errors";
import { etagOf } from "./etag";
import { decodeUtf8, depthExceededIn, depthMessage, jsonValueProblems, MAX_JSON_DEPTH } from "./json-limits";
import { problem, problemResponse, zodFieldErrors, type FieldError } from "./problem";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Who may call a route: anyone, any signed-in caller, admins, or a minimum role in the `project` path parameter. */
export type Access = "public" | "authenticated" | "admin" | { project: ProjectRole };

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export type HandlerContext<P, Q, B> = {
  req: Request;
  db: Db;
  params: P;
  query: Q;
  body: B;
  principal: Principal | null;
  /** Set when the route's access names a project role. */
  access: ProjectAccess | null;
};

export type RouteSpec<P extends ZodType | undefined, Q extends ZodType | undefined, B extends ZodType | undefined> = {
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  maxBodyBytes?: number;
};

export type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** What a handler returns: a ready Response, or data (optionally with status, ETag and headers). */
export type Reply = Response | { status?: number; data?: unknown; etag?: number; headers?: Record<string, string> };

export function reply(data: unknown, init: { status?: number; etag?: number; headers?: Record<string, string> } = {}): Reply {
  return { data, ...init };
}

function toResponse(r: Reply): Response {
  if (r instanceof Response) return r;
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (r.etag !== undefined) headers.etag = etagOf(r.etag);
  if (r.status === 204 || r.data === undefined) return new Response(null, { status: r.status ?? 204, headers });
  headers["content-type"] = "application/json";
  return new Response(JSON.stringify(r.data), { status: r.status ?? 200, headers });
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, detail: string, readonly extra: Record<string, unknown> = {}) {
    super(detail);
  }
}

async function readBody(req: Request, limit: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new HttpError(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new HttpError(413, "body_too_large", `the body is larger than ${limit} bytes`);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new HttpError(413, "body_too_large", `the body is larger than ${limit} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = decodeUtf8(Buffer.concat(chunks));
  if (text === null) throw new HttpError(400, "invalid_encoding", "the body is not valid UTF-8: send JSON encoded as UTF-8");
  return parseJsonBody(text);
}

/**
 * A body's text as JSON: 400 when empty or malformed; 422 when it nests deeper than
 * MAX_JSON_DEPTH, found by a scan of the text before JSON.parse builds anything that a
 * recursive walk (zod, JSON.stringify, the engine) could overflow the stack on.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new HttpError(400, "empty_body", "the request needs a JSON body");
  const deep = depthExceededIn(text);
  if (deep !== null) throw tooDeep(deep);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, "malformed_json", `the body is not valid JSON: ${error instanceof Error ? error.message : "parse error"}`);
  }
}

const tooDeep = (path: string) =>
  new HttpError(422, "nesting_too_deep", `the request body ${depthMessage(MAX_JSON_DEPTH)}`, { errors: [{ path, message: depthMessage(MAX_JSON_DEPTH) }] });

/**
 * Strings PostgreSQL cannot store (NUL, unpaired surrogates) are refused here, naming each
 * field, instead of failing in the database; so is nesting deeper than MAX_JSON_DEPTH.
 */
function refuseUnstorable(value: unknown, status: number, code: string, where: string): void {
  const { tooDeep: deep, strings } = jsonValueProblems(value);
  if (deep) throw tooDeep(deep.path);
  if (strings.length > 0) throw new HttpError(status, code, `the ${where} is invalid`, { errors: strings });
}

/** Validates a parsed JSON body against a route's schema: its data, or an HttpError 422 naming each failing field. */
export function validateBody<T extends ZodType>(schema: T, raw: unknown): z.infer<T> {
  refuseUnstorable(raw, 422, "invalid", "request body");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(422, "invalid", "the request body is invalid", { errors: zodFieldErrors(parsed.error) });
  return parsed.data;
}

function searchParamsObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** Prisma gave up waiting for a connection or for the transaction to finish (P2028). */
function isTransactionTimeout(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2028";
}

function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    const headers: Record<string, string> = {};
    if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="turnout"';
    if ((error.status === 429 || error.status === 503) && typeof error.extra.retryAfter === "number") headers["retry-after"] = String(error.extra.retryAfter);
    return problemResponse(problem(error.status, error.code, error.message, error.extra), headers);
  }
  if (error instanceof ZodError) return problemResponse(problem(422, "invalid", "the request body is invalid", { errors: zodFieldErrors(error) }));
  if (isTransactionTimeout(error)) {
    return problemResponse(problem(503, "busy", "the database is busy with other changes to this resource; nothing was changed, retry shortly"), { "retry-after": "1" });
  }
  const translated = translateDbError(error);
  if (translated instanceof DomainError) {
    const { issues, ...rest } = (translated.details ?? {}) as { issues?: FieldError[]; retryAfter?: unknown };
    const retry: Record<string, string> = typeof rest.retryAfter === "number" ? { "retry-after": String(rest.retryAfter) } : {};
    return problemResponse(problem(translated.status, translated.code, translated.message, { ...(issues ? { errors: issues } : {}), ...rest }), retry);
  }
  console.error("unhandled API error", error);
  return problemResponse(problem(500, "internal", "something went wrong on our side; the change was not applied"));
}

/**
 * The one wrapper every API route goes through: authenticate, refuse cross-site cookie
 * writes, parse params/query/body with the shared zod schemas, authorise, call the domain
 * function, and map every failure to a problem+json response.
 */
export function route<P extends ZodType | undefined = undefined, Q extends ZodType | undefined = undefined, B extends ZodType | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
  fn: (ctx: HandlerContext<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Reply>,
) {
  const handler = async (req: Request, next: NextRouteContext): Promise<Response> => {
    try {
      const db = prisma();
      let principal: Principal | null = null;
      if (spec.access !== "public") {
        const authn = await authenticate(db, req.headers);
        if (!authn.ok) {
          const detail = {
            missing: "sign in, or send Authorization: Bearer <token>",
            invalid: "the credentials are not valid",
            revoked: "this token was revoked",
            expired: "this token has expired",
          }[authn.reason];
          throw new HttpError(401, "unauthenticated", detail);
        }
        if (authn.via === "cookie" && !isSafeMethod(req.method) && !isSameOriginWrite(req.headers, allowedOrigins(req))) {
          throw new HttpError(403, "cross_site_request", "cookie-authenticated writes must come from the console's own origin");
        }
        principal = authn.principal;
      }
      const rawParams = (await next.params) ?? {};
      const params = spec.params ? spec.params.safeParse(rawParams) : null;
      if (params && !params.success) throw new HttpError(404, "not_found", "no such resource", { errors: zodFieldErrors(params.error) });
      const rawQuery = searchParamsObject(new URL(req.url));
      if (spec.query) refuseUnstorable(rawQuery, 400, "invalid_query", "query string");
      const query = spec.query ? spec.query.safeParse(rawQuery) : null;
      if (query && !query.success) throw new HttpError(400, "invalid_query", "the query string is invalid", { errors: zodFieldErrors(query.error) });

      let access: ProjectAccess | null = null;
      if (spec.access === "admin") requireAdmin(principal!);
      else if (typeof spec.access === "object") {
        const projectName = (rawParams as Record<string, unknown>).project;
        access = await requireProjectRole(db, principal!, String(projectName), spec.access.project);
      }

      let body: unknown = undefined;
      if (spec.body) {
        body = validateBody(spec.body, await readBody(req, spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
      }
      const result = await fn({
        req,
        db,
        params: (params?.data ?? undefined) as Infer<P>,
        query: (query?.data ?? undefined) as Infer<Q>,
        body: body as Infer<B>,
        principal,
        access,
      });
      return toResponse(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
  // Read by the OpenAPI generator and the access-matrix test.
  return Object.assign(handler, { spec });
}

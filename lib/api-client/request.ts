/**
 * The one way Turnout's clients call the REST API — the console (same-origin, cookie) and
 * the `turnout` CLI (bearer token): JSON in and out, the ETag surfaced as a revision, an
 * answer shaped by the API's own zod response schema when one is given, and every failure
 * turned into an ApiError carrying the problem+json fields. No browser or Node-only API here.
 */
import type { z, ZodType } from "zod";

export type FieldError = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }

  /** Someone else changed the resource since it was read (412). */
  get isConflict(): boolean {
    return this.status === 412;
  }

  /** The message for one field path (e.g. `rules.0.split`), if the server named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

export type ApiResult<T> = { data: T; revision: number | null };

export type ApiRequest<S extends ZodType | undefined = undefined> = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Sent as `If-Match: "<revision>"`. */
  revision?: number | null;
  signal?: AbortSignal;
  /** The operation's response schema: the answer is parsed with it, and refused when it does not fit. */
  schema?: S;
};

/** Where and how requests go: the API's base URL and what every request carries. */
export type Transport = {
  /** `/api/v1` in the console; `https://turnout.example.com/api/v1` in the CLI. */
  baseUrl: string;
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  fetch?: typeof fetch;
};

export function revisionOf(etag: string | null): number | null {
  const m = etag ? /"(\d+)"/.exec(etag) : null;
  return m ? Number(m[1]) : null;
}

type Result<S extends ZodType | undefined, T> = ApiResult<S extends ZodType ? z.infer<S> : T>;

export async function request<T = unknown, S extends ZodType | undefined = undefined>(transport: Transport, path: string, req: ApiRequest<S> = {}): Promise<Result<S, T>> {
  const headers: Record<string, string> = { accept: "application/json", ...(transport.headers ?? {}) };
  if (req.body !== undefined) headers["content-type"] = "application/json";
  if (req.revision !== undefined && req.revision !== null) headers["if-match"] = `"${req.revision}"`;
  const res = await (transport.fetch ?? fetch)(`${transport.baseUrl}${path}`, {
    method: req.method ?? "GET",
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    credentials: transport.credentials,
    signal: req.signal,
  });
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      // A proxy's error page, or not Turnout at all.
      const type = res.headers.get("content-type") ?? "no content type";
      throw new ApiError(res.status, "not_json", `the server answered ${res.status} with ${type}, not JSON: is this Turnout's address?`);
    }
  }
  if (!res.ok) {
    const p = (json ?? {}) as { code?: string; detail?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.code ?? "error", p.detail ?? (res.statusText || `HTTP ${res.status}`), p.errors ?? [], (json ?? {}) as Record<string, unknown>);
  }
  let data: unknown = json;
  if (req.schema) {
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
        .join("; ");
      throw new ApiError(res.status, "unexpected_response", `the server's answer to ${req.method ?? "GET"} ${path} is not what this client expects (${where}): is the server another version?`);
    }
    data = parsed.data;
  }
  return { data: data as Result<S, T>["data"], revision: revisionOf(res.headers.get("etag")) };
}

/**
 * The console's one way to call the REST API: JSON in and out, the ETag surfaced as a
 * revision, and every failure turned into an ApiError carrying the problem+json fields
 * (status, code, detail, field errors, findings) so forms can show them inline.
 */
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

export type ApiRequest = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; revision?: number | null; signal?: AbortSignal };

export function revisionOf(etag: string | null): number | null {
  const m = etag ? /"(\d+)"/.exec(etag) : null;
  return m ? Number(m[1]) : null;
}

export async function api<T>(path: string, req: ApiRequest = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (req.body !== undefined) headers["content-type"] = "application/json";
  if (req.revision !== undefined && req.revision !== null) headers["if-match"] = `"${req.revision}"`;
  const res = await fetch(`/api/v1${path}`, {
    method: req.method ?? "GET",
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    credentials: "same-origin",
    signal: req.signal,
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (json ?? {}) as { code?: string; detail?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.code ?? "error", p.detail ?? res.statusText, p.errors ?? [], (json ?? {}) as Record<string, unknown>);
  }
  return { data: json as T, revision: revisionOf(res.headers.get("etag")) };
}

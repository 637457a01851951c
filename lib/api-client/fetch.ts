/**
 * The console's way to call the REST API: same-origin requests with the session cookie,
 * through the request core it shares with the CLI (lib/api-client/request.ts). Failures are
 * ApiErrors carrying the problem+json fields (status, code, detail, field errors, findings)
 * so forms can show them inline.
 */
import type { z, ZodType } from "zod";
import { request, type ApiRequest, type ApiResult } from "./request";

export { ApiError, revisionOf, type ApiRequest, type ApiResult, type FieldError } from "./request";

const CONSOLE = { baseUrl: "/api/v1", credentials: "same-origin" } as const;

export function api<T, S extends ZodType | undefined = undefined>(path: string, req: ApiRequest<S> = {}): Promise<ApiResult<S extends ZodType ? z.infer<S> : T>> {
  return request<T, S>(CONSOLE, path, req);
}

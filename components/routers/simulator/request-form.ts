import { routingRequestSchema, type RoutingRequest } from "@/lib/router/document";
import { newRow, type KeyValue } from "./key-value-rows";

/** The simulator's fields: what a routing request holds, in editable form. */
export type RequestForm = { method: string; path: string; headers: KeyValue[]; query: KeyValue[]; payload: string };

/** A request (a witness, or one pasted in the CLI's format) as the simulator's fields; repeated query values become repeated rows. */
export function formFromRequest(request: RoutingRequest): RequestForm {
  return {
    method: request.method ?? "POST",
    path: request.path ?? "/",
    headers: Object.entries(request.headers ?? {}).map(([k, v]) => newRow(k, v)),
    query: Object.entries(request.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => newRow(k, one))),
    payload: request.body === undefined ? "" : JSON.stringify(request.body, null, 2),
  };
}

/** Rows with a name; a query parameter named more than once keeps every value, in order. */
export function recordOf(rows: KeyValue[], repeat: true): Record<string, string | string[]>;
export function recordOf(rows: KeyValue[], repeat?: false): Record<string, string>;
export function recordOf(rows: KeyValue[], repeat = false): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const r of rows) {
    const key = r.key.trim();
    if (!key) continue;
    const seen = out[key];
    if (repeat && seen !== undefined) out[key] = Array.isArray(seen) ? [...seen, r.value] : [seen, r.value];
    else out[key] = r.value;
  }
  return out;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A whole request pasted as JSON, in the format `turnout route` reads (one line of its input): `{ method, path, headers, query, body }`. */
export function parseRequestJson(text: string): Parsed<RoutingRequest> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` };
  }
  const parsed = routingRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join(".");
    const message = issue.code === "unrecognized_keys" ? `unknown field ${issue.keys.map((k) => `“${k}”`).join(", ")}: a request has method, path, headers, query and body` : issue.message;
    return { ok: false, error: where ? `${where}: ${message}` : message };
  }
  return { ok: true, value: parsed.data };
}

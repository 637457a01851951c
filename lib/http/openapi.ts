import { z, type ZodType } from "zod";
import type { Access } from "./handler";
import { MAX_JSON_DEPTH } from "./json-limits";

/**
 * The OpenAPI 3.1 description of the REST API, built from the route handlers themselves:
 * each handler carries its `spec` (access, params, query, body), and the zod schemas it
 * validates with become the JSON Schemas of the document, so the two cannot drift apart.
 */

export const OPENAPI_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof OPENAPI_METHODS)[number];

/** What the generator reads from a handler: the spec that `route()` attaches to it. */
export type HandlerSpec = { access: Access; params?: ZodType; query?: ZodType; body?: ZodType; maxBodyBytes?: number };
export type RouteModule = Partial<Record<HttpMethod, { spec?: HandlerSpec }>>;
/** One `route.ts` file: its path pattern as users read it (`/api/v1/projects/{project}`) and its exports. */
export type IndexedRoute = { pattern: string; module: RouteModule };

/** What the code cannot tell about an operation; keyed `METHOD /path/{pattern}`. */
export type OperationDoc = {
  summary: string;
  /** The handler's doc comment (kept equal to it by a test). */
  description?: string;
  /** Status of a successful call. */
  status: number;
  /** The operation honours `If-Match` (412 when stale); `required`: 428 without it. */
  ifMatch?: "optional" | "required";
  /** The response carries the resource's revision as `ETag`. */
  etag?: boolean;
  /** Error statuses beyond those the spec implies (e.g. 429 for sign-in). */
  errors?: number[];
  /** The JSON body of a successful call; none for `204 No Content`. */
  response?: ZodType;
  /** `application/x-ndjson`: the body is one `response` value per line (default `application/json`: one value). */
  contentType?: "application/json" | "application/x-ndjson";
};

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a zod schema: of what it accepts (`input`, for parameters and request
 * bodies) or of what it yields (`output`, for responses: defaulted fields are always there).
 */
function jsonSchema(schema: ZodType, io: "input" | "output" = "input"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed JSON, a body that is not UTF-8, an empty body, an invalid query string or an unreadable If-Match.",
  401: "No valid credentials: sign in, or send `Authorization: Bearer <token>`.",
  403: "The caller lacks the role this needs, or a cookie-authenticated write came from another site.",
  404: "The project, router or other named resource does not exist.",
  409: "Conflict: the name is taken, the resource is still in use, a deploy of this router is in progress, or the draft is identical to the active version (`nothing_to_deploy`).",
  412: "The If-Match revision is stale: someone else changed the resource first; nothing was changed.",
  413: "The body is larger than this endpoint accepts.",
  415: "The body is not sent as `Content-Type: application/json`.",
  422: `The body is invalid (or nests more than ${MAX_JSON_DEPTH} levels deep: \`nesting_too_deep\`); \`errors\` lists each failing field path and why.`,
  428: "If-Match is required here: send the ETag you last read.",
  429: "Too many attempts; retry after the number of seconds in `Retry-After`.",
  500: "Something went wrong on the server; the change was not applied.",
  503: "Too many concurrent changes to this resource, or every analysis worker is busy (`analysis_busy`); nothing was changed. Retry after `Retry-After` seconds.",
};

const problemSchema: JsonSchema = {
  type: "object",
  description: "An RFC 9457 problem document.",
  required: ["type", "title", "status", "detail", "code"],
  properties: {
    type: { type: "string", format: "uri", examples: ["https://turnout.dev/problems/invalid"] },
    title: { type: "string", examples: ["Unprocessable content"] },
    status: { type: "integer", examples: [422] },
    detail: { type: "string", examples: ["the request body is invalid"] },
    code: { type: "string", description: "A stable, machine-readable error code.", examples: ["invalid"] },
    errors: {
      type: "array",
      description: "The failing fields, as dotted paths into the body (`(root)` for the whole body).",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: { path: { type: "string", examples: ["rules.0.split"] }, message: { type: "string" } },
      },
    },
  },
  additionalProperties: true,
};

function tagOf(pattern: string): string {
  const p = pattern.replace(/^\/api\/v1/, "");
  if (p === "/openapi.json") return "Meta";
  if (p.startsWith("/session")) return "Session";
  if (p.startsWith("/users")) return "Users";
  if (p.startsWith("/gateways")) return "Gateways";
  const rest = p.replace(/^\/projects(\/\{project\})?/, "");
  if (rest === "") return "Projects";
  if (rest.startsWith("/members")) return "Members";
  if (rest.startsWith("/tokens")) return "Tokens";
  if (rest.startsWith("/events")) return "Events";
  if (rest.startsWith("/audiences")) return "Audiences";
  const sub = rest.replace(/^\/routers(\/\{router\})?/, "");
  if (sub.startsWith("/routes")) return "Routes";
  if (sub.startsWith("/rules") || sub.startsWith("/default-rule")) return "Rules";
  if (sub.startsWith("/config") || sub.startsWith("/analysis") || sub.startsWith("/simulate")) return "Config, analysis and simulation";
  if (sub.startsWith("/deployments") || sub.startsWith("/versions")) return "Deployments and versions";
  if (sub.startsWith("/gateways")) return "Gateways";
  if (sub.startsWith("/traffic") || sub.startsWith("/shadow-disagreements")) return "Traffic and shadows";
  if (sub.startsWith("/replay") || sub.startsWith("/samples")) return "Replay";
  return "Routers";
}

const TAGS: { name: string; description: string }[] = [
  { name: "Session", description: "Sign in and out of the console (cookie sessions)." },
  { name: "Users", description: "Accounts and global roles (administrators)." },
  { name: "Projects", description: "Projects group routers, audiences, members and tokens." },
  { name: "Members", description: "Who may view, edit or own a project." },
  { name: "Tokens", description: "API tokens for automation: `Authorization: Bearer <token>`." },
  { name: "Events", description: "Audit logs: a project's, and every project's for administrators (deleted projects included)." },
  { name: "Routers", description: "One endpoint each; edits change the router's draft." },
  { name: "Config, analysis and simulation", description: "The whole router document, its analysis, and the simulator." },
  { name: "Routes", description: "Backends a router sends traffic to; undeploy redistributes a route's traffic." },
  { name: "Rules", description: "Ordered rules (conditions → split) and the default rule." },
  { name: "Deployments and versions", description: "Immutable deployed snapshots, diffs and rollback." },
  { name: "Traffic and shadows", description: "What the gateways routed (summed over the fleet), how shadows compared with the primary, and the disagreements they stored." },
  { name: "Replay", description: "Requests the gateways recorded, and what a routing change would do to them." },
  { name: "Audiences", description: "Named, reusable condition sets shared by the project's routers." },
  { name: "Gateways", description: "The gateways serving the routers: which version each serves." },
  { name: "Meta", description: "This document." },
];

function accessText(access: Access): string {
  if (access === "public") return "Anyone may call this.";
  if (access === "authenticated") return "Any signed-in user or API token.";
  if (access === "admin") return "Administrators only.";
  const role = access.project;
  const tokens = role === "viewer" ? " Read and write tokens of the project may call it." : role === "editor" ? " Write tokens of the project may call it." : "";
  return `Needs the ${role} role (or higher) in the project; administrators act as owners.${tokens}`;
}

function operationId(method: HttpMethod, pattern: string): string {
  const words = pattern
    .replace(/^\/api\/v1\//, "")
    .split("/")
    .map((s) => (s.startsWith("{") ? `by-${s.slice(1, -1)}` : s))
    .join("-")
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean; schema: JsonSchema; description?: string; example?: unknown };

function objectParameters(schema: ZodType | undefined, where: "path" | "query"): Parameter[] {
  if (!schema) return [];
  const js = jsonSchema(schema);
  const properties = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === "path" || required.has(name), schema: rest, ...(typeof description === "string" ? { description } : {}) };
  });
}

/** The document's outline, as its own response schema. */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string(), description: z.string() }),
  servers: z.array(z.object({ url: z.string() })),
  tags: z.array(z.object({ name: z.string(), description: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.unknown()),
});

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
};

const INFO_DESCRIPTION = [
  "Turnout's REST API: projects, routers and their drafts (routes, rules, default rule, the whole router document), analysis, simulation, deployments, versions, rollback, undeploy, audiences, members, tokens and the audit log.",
  "",
  "**Authentication.** The console's session cookie, or `Authorization: Bearer <token>` with a project API token (a bearer header, when present, decides alone). Cookie-authenticated writes must come from the console's own origin.",
  "",
  "**Concurrency.** Mutable resources return their revision as a strong `ETag` (`\"7\"`). Send it back in `If-Match` on a write: a stale one gets 412 and changes nothing. `PUT …/config` requires it (428 without).",
  "",
  "**Errors** are `application/problem+json` (RFC 9457) with a stable `code` and, for invalid input, `errors: [{ path, message }]` naming each failing field.",
  "",
  "**Lists** of routers, audiences, versions and events are paginated: `?limit=` (1–200, default 50) and `?cursor=` set to the previous page's `nextCursor` (null on the last page).",
].join("\n");

/** Builds the OpenAPI 3.1 document of `routes` (their handlers' specs) and `docs` (summaries, statuses). */
export function buildOpenApiDocument(routes: readonly IndexedRoute[], docs: Readonly<Record<string, OperationDoc>>, version = "1.0.0"): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const sorted = [...routes].sort((a, b) => a.pattern.localeCompare(b.pattern));
  for (const { pattern, module } of sorted) {
    for (const method of OPENAPI_METHODS) {
      const handler = module[method];
      if (!handler) continue;
      const spec: HandlerSpec = handler.spec ?? { access: "authenticated" };
      const key = `${method} ${pattern}`;
      const doc: OperationDoc = docs[key] ?? { summary: key, status: method === "POST" ? 201 : method === "DELETE" ? 204 : 200 };

      const parameters: Parameter[] = [...objectParameters(spec.params, "path"), ...objectParameters(spec.query, "query")];
      for (const name of pattern.match(/\{([^}]+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
        if (!parameters.some((p) => p.in === "path" && p.name === name)) parameters.unshift({ name, in: "path", required: true, schema: { type: "string" } });
      }
      if (doc.ifMatch) {
        parameters.push({
          name: "If-Match",
          in: "header",
          required: doc.ifMatch === "required",
          description: "The ETag you last read; a stale one gets 412 and changes nothing.",
          schema: { type: "string", pattern: '^(W/)?"?\\d{1,9}"?$' },
          example: '"3"',
        });
      }

      const errors = new Set<number>([500, ...(doc.errors ?? [])]);
      if (spec.access !== "public") [401, 403].forEach((s) => errors.add(s));
      if (spec.params || typeof spec.access === "object") errors.add(404);
      if (spec.query) errors.add(400);
      if (spec.body) [400, 413, 415, 422].forEach((s) => errors.add(s));
      if (method !== "GET" && spec.access !== "public") [409, 503].forEach((s) => errors.add(s));
      if (doc.ifMatch) [400, 412].forEach((s) => errors.add(s));
      if (doc.ifMatch === "required") errors.add(428);

      const success: Record<string, unknown> = { description: doc.summary };
      if (doc.etag) success.headers = { ETag: { description: "The resource's revision; send it back in If-Match.", schema: { type: "string" } } };
      if (doc.status !== 204) {
        const schema = doc.response ? jsonSchema(doc.response, "output") : {};
        // NDJSON: as is customary in OpenAPI 3.1, the schema is that of one line.
        success.content = { [doc.contentType ?? "application/json"]: { schema } };
        if (doc.contentType === "application/x-ndjson") success.description = `${doc.summary} (newline-delimited JSON: one value of this schema per line)`;
      }
      const responses: Record<string, unknown> = { [String(doc.status)]: success };
      for (const status of [...errors].sort((a, b) => a - b)) responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };

      const description = [doc.description, `**Access.** ${accessText(spec.access)}`].filter(Boolean).join("\n\n");
      const operation: Record<string, unknown> = {
        operationId: operationId(method, pattern),
        summary: doc.summary,
        description,
        tags: [tagOf(pattern)],
        // The console's cookie first: signed in, "try it" on /docs/api works as is.
        security: spec.access === "public" ? [] : [{ sessionCookie: [] }, { bearerToken: [] }],
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                description: `JSON in UTF-8, at most ${spec.maxBodyBytes ?? 1024 * 1024} bytes, nested at most ${MAX_JSON_DEPTH} levels deep; strings and field names without NUL or unpaired UTF-16 surrogates. Unknown fields are refused.`,
                content: { "application/json": { schema: jsonSchema(spec.body) } },
              },
            }
          : {}),
        responses,
      };
      if (typeof spec.access === "object") operation["x-turnout-role"] = spec.access.project;
      (paths[pattern] ??= {})[method.toLowerCase()] = operation;
    }
  }

  const problemResponses = Object.fromEntries(
    Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
      `Problem${status}`,
      { description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: { title: "Turnout API", version, description: INFO_DESCRIPTION },
    servers: [{ url: "/" }],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A project API token (`trn_…`), created under the project's Tokens page or `POST /api/v1/projects/{project}/tokens`." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "turnout.session_token", description: "The console's session cookie, set by `POST /api/v1/session`." },
      },
      schemas: { Problem: problemSchema },
      responses: problemResponses,
    },
  };
}

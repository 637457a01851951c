import { readFile } from "node:fs/promises";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { API_ROUTES, OPERATION_DOCS } from "@/app/api/v1/routes-index";
import { routerDocumentSchema } from "@/lib/router/document";
import { routerConfigSchema } from "@/lib/routers/schema";
import { sampleRouter } from "@/lib/testing/api-fixtures";
import { HTTP_METHODS } from "@/lib/testing/api-server";
import { operationOf, responseProblems, startApiTest, type ApiTest, type Json } from "./test-client";

/**
 * The OpenAPI document served at /api/v1/openapi.json: valid OpenAPI 3.1, listing every
 * route handler on disk with the schemas it validates with; and the static route index
 * the production server uses matches the route files.
 */

let t: ApiTest;
let doc: Json;
let operations: string[];

beforeAll(async () => {
  t = await startApiTest();
  const res = await fetch(`${t.server.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json");
  doc = await res.json();
  operations = t.server.routes.flatMap((r) => Object.keys(r.methods).map((m) => `${m} ${r.pattern}`)).sort();
}, 60_000);
afterAll(async () => t?.close());

describe("the OpenAPI document", () => {
  it("is served without credentials and is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The validator does reject a broken document.
    const broken = structuredClone(doc);
    broken.paths["/api/v1/projects"].get.responses = { "200": { content: {} } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("lists every route handler discovered on disk, and nothing else", () => {
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(operations.length).toBeGreaterThan(50);
    expect(documented).toEqual(operations);
  });

  it("gives every operation a unique id, a summary, a tag, its errors and its security", () => {
    const ids = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${p}`;
        expect(op.summary, key).toBe(OPERATION_DOCS[key]!.summary);
        expect(op.tags).toHaveLength(1);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        expect(op.responses["500"]).toEqual({ $ref: "#/components/responses/Problem500" });
        const success = Object.keys(op.responses).filter((s) => s < "400");
        expect(success, key).toEqual([String(OPERATION_DOCS[key]!.status)]);
        const isPublic = key === "GET /api/v1/openapi.json" || key === "POST /api/v1/session";
        expect(op.security, key).toEqual(isPublic ? [] : [{ sessionCookie: [] }, { bearerToken: [] }]);
        if (!isPublic) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403"]));
        for (const param of (p.match(/\{(\w+)\}/g) ?? []).map((x) => x.slice(1, -1))) {
          expect(op.parameters.some((x: Json) => x.in === "path" && x.name === param && x.required), `${key} ${param}`).toBe(true);
        }
      }
    }
  });

  it("describes bodies with the same zod schemas the handlers validate with", () => {
    const R = "/api/v1/projects/{project}/routers/{router}";
    const put = doc.paths[`${R}/config`].put;
    expect(put.requestBody.content["application/json"].schema).toEqual(
      (({ $schema: _s, ...rest }) => rest)(z.toJSONSchema(routerConfigSchema, { io: "input", unrepresentable: "any" }) as Json),
    );
    expect(put.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "If-Match", in: "header", required: true })]));
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(["400", "412", "413", "415", "422", "428"]));
    expect(put.responses["200"].headers.ETag).toBeDefined();

    const rule = doc.paths[`${R}/rules`].post.requestBody.content["application/json"].schema;
    expect(rule.additionalProperties).toBe(false);
    expect(rule.required).toEqual(expect.arrayContaining(["name", "strategy", "split"]));
    expect(rule.properties.name.pattern).toBe("^[a-z0-9][a-z0-9-]{0,62}$");

    const versions = doc.paths[`${R}/versions`].get.parameters.map((x: Json) => `${x.in}:${x.name}`);
    expect(versions).toEqual(["path:project", "path:router", "query:limit", "query:cursor"]);
    expect(doc.paths[`${R}/deployments`].post["x-turnout-role"]).toBe("editor");
    expect(doc.paths["/api/v1/session"].post.responses["429"]).toBeDefined();
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("gives every success response but 204 a JSON Schema: the output of the operation's zod response schema", () => {
    let described = 0;
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${p}`;
        const { status, response, contentType } = OPERATION_DOCS[key]!;
        const success = op.responses[String(status)];
        if (status === 204) {
          expect(success.content, key).toBeUndefined();
          expect(response, `${key} answers 204 No Content`).toBeUndefined();
          continue;
        }
        expect(response, `${key} declares no response schema`).toBeDefined();
        const schema = success.content?.[contentType ?? "application/json"]?.schema;
        expect(schema, key).toEqual((({ $schema: _s, ...rest }) => rest)(z.toJSONSchema(response!, { io: "output", unrepresentable: "any" }) as Json));
        expect(Object.keys(schema).length, key).toBeGreaterThan(0);
        described++;
      }
    }
    expect(described).toBeGreaterThan(40);

    // Responses are described as they come out: defaulted fields are always there.
    const R = "/api/v1/projects/{project}/routers/{router}";
    const config = doc.paths[`${R}/config`].get.responses["200"].content["application/json"].schema;
    expect(config.required).toEqual(expect.arrayContaining(["name", "settings", "routes", "audiences", "rules"]));
    expect(config.properties.settings.required).toEqual(expect.arrayContaining(["keySources", "missingKey", "strict", "allowPin"]));
    expect(z.toJSONSchema(routerDocumentSchema, { io: "input" }).required).toEqual(["name"]);
    const page = doc.paths[`${R}/versions`].get.responses["200"].content["application/json"].schema;
    expect(page.required).toEqual(["items", "nextCursor"]);
    expect(page.properties.nextCursor.type).toEqual(["string", "null"]);
    expect(page.properties.items.items.properties.createdAt).toMatchObject({ type: "string", format: "date-time" });
    const token = doc.paths["/api/v1/projects/{project}/tokens"].post.responses["201"].content["application/json"].schema;
    expect(token.required).toEqual(expect.arrayContaining(["id", "name", "scope", "token"]));
  });

  it("is what the test client checks answers against: it refuses a body, status or field the operation does not declare", () => {
    const json = new Headers({ "content-type": "application/json" });
    const project = { name: "p", displayName: "P", description: "", revision: 1, createdAt: "2026-01-02T03:04:05.678Z", updatedAt: "2026-01-02T03:04:05.678Z" };
    const answer = (status: number, body: unknown) => ({ status, headers: json, body, text: JSON.stringify(body) });
    expect(responseProblems("GET", "/api/v1/projects/p", answer(200, project))).toEqual([]);
    expect(responseProblems("GET", "/api/v1/projects/p", answer(200, { ...project, createdAt: "yesterday" }))).toEqual([expect.stringMatching(/^createdAt: /)]);
    expect(responseProblems("GET", "/api/v1/projects/p", answer(200, { ...project, secret: "x" }))).toEqual(["secret: not in the schema"]);
    expect(responseProblems("POST", "/api/v1/projects", answer(200, project))).toEqual([expect.stringContaining("documents 201")]);
    expect(responseProblems("DELETE", "/api/v1/projects/p", { status: 204, headers: new Headers(), body: undefined, text: "" })).toEqual([]);
    // A field a request may omit (the schema's default) must be in the answer.
    const settings = { keySources: [], missingKey: "reject", strict: false, allowPin: false, keepDisagreements: 0, recordPercent: 1, recordMaxPerSecond: 100, recordFields: [], recordKeys: "raw" };
    const doc = { name: "r", settings, routes: [], audiences: [] };
    expect(responseProblems("GET", "/api/v1/projects/p/routers/r/config", answer(200, { ...doc, rules: [] }))).toEqual([]);
    expect(responseProblems("GET", "/api/v1/projects/p/routers/r/config", answer(200, doc))).toEqual(["rules: missing (the schema fills it in)"]);
    // Static segments win over parameters, as in the router.
    expect(operationOf("PUT", "/api/v1/projects/p/routers/r/rules/order")?.key).toBe("PUT /api/v1/projects/{project}/routers/{router}/rules/order");
    expect(operationOf("PUT", "/api/v1/projects/p/routers/r/rules/beta")?.key).toBe("PUT /api/v1/projects/{project}/routers/{router}/rules/{rule}");
  });

  it("is cacheable and the same on every call", async () => {
    const again = await fetch(`${t.server.url}/api/v1/openapi.json`);
    expect(again.headers.get("cache-control")).toMatch(/max-age/);
    expect(await again.json()).toEqual(doc);
  });

  it("documents bodies that the API accepts (the sample router validates against its schema)", () => {
    // A cheap structural check without a JSON Schema engine: every required field is present.
    const schema = doc.paths["/api/v1/projects/{project}/routers"].post.requestBody.content["application/json"].schema;
    const body = sampleRouter("x") as Record<string, unknown>;
    for (const field of schema.required ?? []) expect(body).toHaveProperty(field);
    for (const field of Object.keys(body)) expect(schema.properties).toHaveProperty(field);
  });
});

describe("the static route index (what the production server imports)", () => {
  it("holds every route file, with the same handlers", () => {
    const indexed = [...API_ROUTES.map((r) => r.pattern), "/api/v1/openapi.json"].sort();
    expect(indexed).toEqual(t.server.routes.map((r) => r.pattern).sort());
    for (const { pattern, module } of API_ROUTES) {
      const discovered = t.server.routes.find((r) => r.pattern === pattern)!;
      expect(Object.keys(module).filter((k) => (HTTP_METHODS as readonly string[]).includes(k)).sort(), pattern).toEqual(Object.keys(discovered.methods).sort());
      for (const m of HTTP_METHODS) if (module[m]) expect(module[m]!.spec, `${m} ${pattern}`).toBe(discovered.methods[m]!.spec);
    }
  });

  it("has docs for exactly the operations on disk, each description word for word the handler's doc comment", async () => {
    expect(Object.keys(OPERATION_DOCS).sort()).toEqual(operations);
    const appDir = path.resolve(import.meta.dirname, "../../app");
    for (const route of t.server.routes) {
      const file = path.join(appDir, route.pattern.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
      const source = await readFile(file, "utf8");
      for (const method of Object.keys(route.methods)) {
        const m = new RegExp(`(?:/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*)?export const ${method}\\b`).exec(source);
        const comment = m?.[1]
          ?.split("\n")
          .map((l) => l.replace(/^\s*\*\s?/, "").trim())
          .filter(Boolean)
          .join(" ");
        expect(OPERATION_DOCS[`${method} ${route.pattern}`]!.description, `${method} ${route.pattern}`).toBe(comment);
      }
    }
  });
});

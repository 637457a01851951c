import { reply, route } from "@/lib/http/handler";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/http/openapi";
import { API_ROUTES, OPERATION_DOCS } from "../routes-index";

let cached: OpenApiDocument | undefined;

/** This API's OpenAPI 3.1 description, generated from the zod schemas the handlers validate with. */
export const GET = route({ access: "public" }, async () => {
  cached ??= buildOpenApiDocument([...API_ROUTES, { pattern: "/api/v1/openapi.json", module: { GET } }], OPERATION_DOCS);
  return reply(cached, { headers: { "cache-control": "public, max-age=300" } });
});

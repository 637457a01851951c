import { readdir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stampRequest } from "@/lib/auth/request-client";
import { parseTrustedProxies } from "@/lib/auth/trusted-proxies";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type ApiRoute = {
  /** The path pattern as users read it: `/api/v1/projects/{project}/tokens`. */
  pattern: string;
  methods: Partial<Record<(typeof HTTP_METHODS)[number], Handler & { spec?: unknown }>>;
  match: (pathname: string) => Record<string, string> | null;
};

const appDir = path.resolve(import.meta.dirname, "../../app");

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(full)));
    else if (entry.name === "route.ts") out.push(full);
  }
  return out;
}

/** Every API route handler under app/api, loaded as the Next.js app would load it. */
export async function discoverApiRoutes(): Promise<ApiRoute[]> {
  const files = await routeFiles(path.join(appDir, "api"));
  const routes: ApiRoute[] = [];
  for (const file of files.sort()) {
    const segments = path.relative(appDir, path.dirname(file)).split(path.sep);
    const pattern = "/" + segments.map((s) => (s.startsWith("[") ? `{${s.slice(1, -1)}}` : s)).join("/");
    const names: string[] = [];
    const regex = new RegExp(
      "^/" + segments.map((s) => (s.startsWith("[") ? (names.push(s.slice(1, -1)), "([^/]+)") : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/") + "/?$",
    );
    const mod = (await import(pathToFileURL(file).href)) as Record<string, Handler>;
    const methods: ApiRoute["methods"] = {};
    for (const m of HTTP_METHODS) if (typeof mod[m] === "function") methods[m] = mod[m];
    routes.push({
      pattern,
      methods,
      match: (pathname) => {
        const m = regex.exec(pathname);
        return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) : null;
      },
    });
  }
  // Static segments win over dynamic ones, as in Next.js.
  return routes.sort((a, b) => (a.pattern.match(/\{/g)?.length ?? 0) - (b.pattern.match(/\{/g)?.length ?? 0));
}

/**
 * Serves the app's API route handlers over real HTTP on 127.0.0.1, dispatching by path as
 * Next.js does, so integration tests exercise status codes, headers and bodies end to end
 * without a Next.js build.
 */
export async function startApiServer(
  options: { trustedProxies?: string } = {},
): Promise<{ url: string; routes: ApiRoute[]; close: () => Promise<void> }> {
  const routes = await discoverApiRoutes();
  const trusted = parseTrustedProxies(options.trustedProxies ?? process.env.TURNOUT_TRUSTED_PROXIES);
  const server = http.createServer(async (req, res) => {
    try {
      // As the console's server does (scripts/server.ts): who is calling, for rate limits and origin checks.
      stampRequest(req, trusted);
      // Next.js builds a route handler's URL from the address it listens on, not from Host.
      const url = new URL(req.url ?? "/", `http://localhost:${(server.address() as { port: number }).port}`);
      for (const route of routes) {
        const params = route.match(url.pathname);
        if (!params) continue;
        const handler = route.methods[req.method as (typeof HTTP_METHODS)[number]];
        if (!handler) {
          res.writeHead(405, { allow: Object.keys(route.methods).join(", "), "content-type": "application/problem+json" });
          res.end(JSON.stringify({ status: 405, code: "method_not_allowed", detail: `${req.method} is not supported here` }));
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) {
          if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
          else if (v !== undefined) headers.set(k, v);
        }
        const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
        const request = new Request(url, { method: req.method, headers, body });
        const response = await handler(request, { params: Promise.resolve(params) });
        const out: Record<string, string | string[]> = {};
        response.headers.forEach((v, k) => {
          if (k !== "set-cookie") out[k] = v;
        });
        const cookies = response.headers.getSetCookie();
        if (cookies.length) out["set-cookie"] = cookies;
        res.writeHead(response.status, out);
        res.end(Buffer.from(await response.arrayBuffer()));
        return;
      }
      res.writeHead(404, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ status: 404, code: "not_found", detail: "no such endpoint" }));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  // The client closes idle connections first (undici: after 4 s). A test that keeps the
  // event loop busy longer than the server's own idle timeout would otherwise find the
  // server closing the socket just as the client reuses it (ECONNRESET).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    routes,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

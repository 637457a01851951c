/**
 * What the gateway answers about itself. `/healthz` in full and `/metrics` name every
 * project, router, route and version served, and are not authenticated: with an admin
 * listener (`--admin-port`) they are served there only, and the public port keeps a
 * `/healthz` that says nothing but up or down, for load balancers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ConfigStore } from "./config-store";
import { sendProblem } from "./problem";
import { pathOf } from "./request-target";

export interface OwnEndpointsOptions {
  readonly store: ConfigStore;
  /** The /metrics document (a cluster worker returns the aggregate of all workers). */
  readonly metricsText: () => Promise<string>;
  readonly metricsContentType: string;
}

export class OwnEndpoints {
  constructor(private readonly options: OwnEndpointsOptions) {}

  /** The public port's own paths: everything, or (with an admin listener) a minimal /healthz. */
  servePublic(req: IncomingMessage, res: ServerResponse, url: string, full: boolean): void {
    const path = pathOf(url);
    if (path === "/healthz") this.health(req, res, full);
    else if (path === "/metrics" && full) this.metrics(req, res);
    else {
      sendProblem(res, {
        status: 404,
        code: "not_found",
        title: "Not Found",
        detail: full ? "the gateway serves /{project}/{router}/{path…}, /healthz and /metrics" : "the gateway serves /{project}/{router}/{path…} and /healthz",
      });
    }
  }

  /** The admin listener: /healthz in full and /metrics. */
  readonly serveAdmin = (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req.url ?? "/");
    if (path === "/healthz") this.health(req, res, true);
    else if (path === "/metrics") this.metrics(req, res);
    else sendProblem(res, { status: 404, code: "not_found", title: "Not Found", detail: "the admin listener serves /healthz and /metrics" });
  };

  private health(req: IncomingMessage, res: ServerResponse, full: boolean): void {
    const { store } = this.options;
    const ready = store.source !== "none";
    const status = ready ? "ok" : "unavailable";
    const body = JSON.stringify(
      full
        ? {
            status,
            source: store.source,
            database: store.databaseConnected ? "connected" : "disconnected",
            routers: store.entries().map((e) => {
              const lastKnownGood = store.lastKnownGood(e.project, e.router);
              return { project: e.project, router: e.router, version: e.version, ...(lastKnownGood ? { lastKnownGood } : {}) };
            }),
          }
        : { status },
    );
    res.writeHead(ready ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  private metrics(req: IncomingMessage, res: ServerResponse): void {
    this.options.metricsText().then(
      (text) => {
        res.writeHead(200, { "content-type": this.options.metricsContentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) =>
        sendProblem(res, { status: 500, code: "metrics_unavailable", title: "Internal Server Error", detail: `could not collect the metrics: ${(error as Error).message}` }),
    );
  }
}

/**
 * The per-request path: find the router, read only what its rules read, let the engine
 * decide, forward to the chosen route and mirror the drawn shadows. Everything the gateway
 * answers itself is `application/problem+json`.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { parse as parseQuery } from "node:querystring";
import type { Dispatcher } from "undici";
import type { Decision } from "../router/document";
import { PrimaryAnswer, type CaptureLimits } from "./body-comparison";
import type { ConfigStore } from "./config-store";
import { SampleContext } from "./disagreement-sample";
import type { DisagreementWriter } from "./disagreement-writer";
import { upstreamHeaders } from "./http-headers";
import type { GatewayMetrics } from "./metrics";
import type { OwnEndpoints } from "./own-endpoints";
import { PrimaryExchange } from "./primary-exchange";
import { sendProblem, type Problem } from "./problem";
import {
  declaredTooLarge,
  discardRest,
  hasRequestBody,
  MAX_PAYLOAD_DEPTH,
  nestingExceeds,
  Overflow,
  parseJsonBody,
  readRequestBody,
  replayBody,
} from "./request-body";
import { requestProblem } from "./request-checks";
import { dotSegment, normalizeRestPath } from "./request-path";
import { parseRequestTarget, upstreamPath, type RequestTarget } from "./request-target";
import { comparisonOf, type RouteTarget, type RouterEntry } from "./router-entry";
import type { SampleRecorder } from "./sample-recorder";
import type { ShadowJob } from "./shadow-exchange";
import type { ShadowSender } from "./shadows";

type RoutedDecision = Exclude<Decision, { error: unknown }>;

export interface RequestHandlerOptions {
  readonly store: ConfigStore;
  readonly metrics: GatewayMetrics;
  readonly shadows: ShadowSender;
  readonly maxBodyBytes: number;
  readonly compareLimits: CaptureLimits;
  /** Where stored disagreements go (routers with keepDisagreements > 0). */
  readonly disagreements: DisagreementWriter;
  readonly own: OwnEndpoints;
  /** Records samples of the decided requests for replay; absent without a database. */
  readonly samples?: SampleRecorder;
}

/** Query parameters parsed for query conditions (node:querystring's default, spelt out: the rest are ignored). */
const MAX_QUERY_PARAMETERS = 1000;

const DOT_NAME: Problem = {
  status: 400,
  code: "invalid_path",
  title: "Bad Request",
  detail: "a dot segment cannot name a project or a router: the gateway serves /{project}/{router}/{path…} and resolves no dot segment before the path",
};

export class RequestHandler {
  /** With an admin listener, the public port answers a minimal /healthz and no /metrics. */
  private ownInFull = true;

  constructor(private readonly options: RequestHandlerOptions) {}

  /** /healthz in full and /metrics move to the admin listener. */
  separateAdmin(): void {
    this.ownInFull = false;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startedAt = performance.now();
    const refused = requestProblem(req);
    if (refused !== null) {
      this.refuse(res, refused);
      return;
    }
    const url = req.url ?? "/";
    let target = parseRequestTarget(url);
    if (target === null) {
      this.options.own.servePublic(req, res, url, this.ownInFull);
      return;
    }
    if (dotSegment(target.project) !== 0 || dotSegment(target.router) !== 0) {
      this.refuse(res, DOT_NAME);
      return;
    }
    const entry = this.options.store.get(target.project, target.router);
    if (entry === undefined) {
      this.options.metrics.unknownRouter.inc();
      sendProblem(res, {
        status: 404,
        code: "unknown_router",
        title: "Not Found",
        detail: `no router "${target.router}" of project "${target.project}" is deployed on this gateway`,
      });
      return;
    }
    const rest = normalizeRestPath(target.rest);
    if (typeof rest !== "string") {
      this.routerProblem(res, entry, { status: 400, code: rest.code, title: "Bad Request", detail: `the path ${JSON.stringify(target.rest)} is refused: ${rest.reason}` });
      return;
    }
    if (rest !== target.rest) target = { ...target, rest };
    if (!hasRequestBody(req)) {
      this.decide(req, res, target, entry, startedAt, null, false);
    } else if (!entry.needs.body) {
      // A body the router does not read streams to the route whatever its size or framing.
      this.decide(req, res, target, entry, startedAt, null, true);
    } else if (declaredTooLarge(req, this.options.maxBodyBytes)) {
      this.tooLarge(res, entry);
    } else {
      const read = target;
      this.readBody(req, res, (body) => {
        if (body instanceof Overflow) {
          discardRest(req);
          this.tooLarge(res, entry);
        } else if (nestingExceeds(body, MAX_PAYLOAD_DEPTH)) {
          this.routerProblem(res, entry, {
            status: 400,
            code: "payload_too_deep",
            title: "Bad Request",
            detail: `the request body nests arrays and objects deeper than the gateway's limit of ${MAX_PAYLOAD_DEPTH} levels`,
          });
        } else this.decide(req, res, read, entry, startedAt, body, false);
      });
    }
  };

  /**
   * `body` is the buffered body when the gateway read it; `streamBody` says an unread body
   * is still to be streamed from the caller to the route.
   */
  private decide(req: IncomingMessage, res: ServerResponse, target: RequestTarget, entry: RouterEntry, startedAt: number, body: Buffer | null, streamBody: boolean): void {
    const request = {
      method: req.method,
      path: target.rest,
      headers: req.headers as Record<string, string>,
      query: entry.needs.query ? (parseQuery(target.search.slice(1), "&", "=", { maxKeys: MAX_QUERY_PARAMETERS }) as Record<string, string | string[]>) : undefined,
      body: entry.needs.body ? parseJsonBody(body) : undefined,
    };
    const decision = entry.compiled.decide(request);
    this.options.samples?.consider(entry, request, decision, res);
    if ("error" in decision) {
      const { status, code, message } = decision.error;
      this.routerProblem(res, entry, { status, code, title: STATUS_CODES[status] ?? "Error", detail: message });
      return;
    }
    const route = entry.routes.get(decision.route);
    if (route === undefined) {
      this.options.metrics.routerError(entry.project, entry.router, decision.rule, 503);
      sendProblem(
        res,
        { status: 503, code: "unknown_route", title: "Service Unavailable", detail: `rule "${decision.rule}" sends traffic to route "${decision.route}", which version ${entry.version} does not define` },
        ["x-turnout-rule", decision.rule, "x-turnout-version", entry.versionHeader],
      );
      return;
    }
    if (decision.shadows.length > 0 && streamBody) {
      // A mirrored request is sent twice or more, so its body is buffered first. A body
      // larger than the limit is not mirrored: the primary gets it as a stream, the shadows
      // are counted as dropped.
      if (declaredTooLarge(req, this.options.maxBodyBytes)) {
        this.options.shadows.drop(entry, decision.shadows, decision.rule);
        this.forward(req, res, target, entry, decision, route, startedAt, null, req, false);
        return;
      }
      this.readBody(req, res, (buffered) => {
        if (buffered instanceof Overflow) {
          this.options.shadows.drop(entry, decision.shadows, decision.rule);
          this.forward(req, res, target, entry, decision, route, startedAt, null, replayBody(req, buffered), false);
        } else this.forward(req, res, target, entry, decision, route, startedAt, buffered, null, true);
      });
      return;
    }
    this.forward(req, res, target, entry, decision, route, startedAt, body, streamBody ? req : null, true);
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
    entry: RouterEntry,
    decision: RoutedDecision,
    route: RouteTarget,
    startedAt: number,
    body: Buffer | null,
    stream: Readable | null,
    mirror: boolean,
  ): void {
    const method = req.method ?? "GET";
    const admitted = mirror && decision.shadows.length > 0 ? this.options.shadows.admit(entry, decision.shadows, decision.rule) : null;
    const jobs = admitted === null ? null : this.shadowJobs(entry, decision.rule, admitted, req, method, target, body);
    const headers = upstreamHeaders(req.headers, { remoteAddress: req.socket.remoteAddress, proto: "http" }, body !== null);
    const exchange = new PrimaryExchange(req, res, entry, route, decision.rule, startedAt, jobs?.[0]?.primary ?? null);
    route.pool.dispatch(
      {
        method: method as Dispatcher.HttpMethod,
        path: upstreamPath(route.basePath, route.baseQuery, target.rest, target.search),
        headers,
        body: body ?? stream,
      },
      exchange,
    );
    if (jobs !== null) this.options.shadows.send(jobs, method, target.rest, target.search, headers, body);
  }

  /**
   * The admitted shadows with what they compare against: the primary's answer keeps a digest
   * when a shadow compares bytes, and the first bytes (up to the comparison cap) when one
   * parses JSON or the router stores disagreements.
   */
  private shadowJobs(entry: RouterEntry, rule: string, routes: readonly RouteTarget[], req: IncomingMessage, method: string, target: RequestTarget, body: Buffer | null): ShadowJob[] {
    const limits = this.options.compareLimits;
    const comparisons = routes.map((route) => comparisonOf(entry, rule, route.name));
    const parses = comparisons.some((c) => c.parsesBodies);
    const sample = entry.keepDisagreements > 0 ? new SampleContext(entry, rule, method, target.rest, target.search, req.headers, body) : null;
    const primary = new PrimaryAnswer(
      comparisons.some((c) => !c.parsesBodies),
      Math.max(parses ? limits.maxBytes : 0, sample ? limits.sampleBytes : 0),
      routes.length,
    );
    const writer = sample ? this.options.disagreements : null;
    return routes.map((route, i) => ({ route, rule, comparison: comparisons[i]!, pair: route.stats.pair(rule), primary, limits, sample, writer }));
  }

  private readBody(req: IncomingMessage, res: ServerResponse, then: (body: Buffer | Overflow) => void): void {
    readRequestBody(req, this.options.maxBodyBytes).then(then, () => res.destroy());
  }

  private tooLarge(res: ServerResponse, entry: RouterEntry): void {
    this.routerProblem(res, entry, {
      status: 413,
      code: "body_too_large",
      title: "Content Too Large",
      detail: `the request body exceeds the gateway's limit of ${this.options.maxBodyBytes} bytes for a body it reads`,
    });
  }

  /** A request for a router the gateway answers itself, counted under the router with no rule or route. */
  private routerProblem(res: ServerResponse, entry: RouterEntry, problem: Problem): void {
    this.options.metrics.routerError(entry.project, entry.router, "", problem.status);
    sendProblem(res, problem, ["x-turnout-version", entry.versionHeader]);
  }

  /** A request refused before routing: counted by reason, and the connection closed after the answer. */
  private refuse(res: ServerResponse, problem: Problem): void {
    this.options.metrics.refused(problem.code);
    sendProblem(res, problem, ["connection", "close"]);
  }
}

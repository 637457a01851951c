/**
 * One primary request forwarded to its route, written as an undici dispatch handler so that
 * the response streams straight from the backend socket to the caller's (with backpressure),
 * without an intermediate stream object per request. The route's timeout covers the whole
 * exchange: before the response starts it becomes a 504 — or a 408 when it is the caller
 * who has not finished sending the body the route is waiting for; after, the caller's
 * connection is cut because the response cannot be completed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import type { PrimaryAnswer } from "./body-comparison";
import { downstreamHeaders } from "./http-headers";
import { sendProblem } from "./problem";
import type { RouteTarget, RouterEntry } from "./router-entry";

export class PrimaryExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((error?: Error) => void) | null = null;
  private resumeUpstream: (() => void) | null = null;
  private readonly timer: NodeJS.Timeout;
  private done = false;
  private status = 0;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly entry: RouterEntry,
    private readonly route: RouteTarget,
    private readonly rule: string,
    /** performance.now() when the request arrived. */
    private readonly startedAt: number,
    /** Set when shadows were sent: they compare with this answer. */
    private readonly answer: PrimaryAnswer | null,
  ) {
    this.timer = setTimeout(this.onTimeout, route.timeoutMs);
    res.once("close", this.onCallerClose);
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.done) abort();
    else this.abortUpstream = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx informational responses (100 Continue, 103 Early Hints) are not the answer.
    if (statusCode < 200 || this.done) return true;
    this.status = statusCode;
    const headers = downstreamHeaders(rawHeaders);
    headers.push("x-turnout-route", this.route.name, "x-turnout-rule", this.rule, "x-turnout-version", this.entry.versionHeader);
    this.res.writeHead(statusCode, headers);
    this.resumeUpstream = resume;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.done) return true;
    this.answer?.capture.add(chunk);
    if (this.res.write(chunk)) return true;
    // The caller reads slower than the backend sends: pause the backend until it catches up.
    this.res.once("drain", this.resumeUpstream!);
    return false;
  }

  onComplete(): void {
    if (this.done) return;
    const seconds = this.finish(this.status);
    this.res.end();
    this.answer?.settle(this.status, seconds);
  }

  onError(error: Error): void {
    if (this.done) return;
    const timedOut = error === TIMEOUT;
    // The caller still sending the body when the time is up: the wait was the caller's.
    const callerLate = timedOut && !this.req.complete;
    const status = callerLate ? 408 : timedOut ? 504 : 502;
    const seconds = this.finish(this.res.headersSent ? this.status : status);
    this.answer?.settle(null, seconds);
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    const target = `route "${this.route.name}" (${this.route.origin})`;
    const decisionHeaders = ["x-turnout-route", this.route.name, "x-turnout-rule", this.rule, "x-turnout-version", this.entry.versionHeader];
    if (callerLate) {
      sendProblem(
        this.res,
        { status, code: "request_timeout", title: "Request Timeout", detail: `the request body did not arrive within the ${this.route.timeoutMs} ms timeout of ${target}` },
        [...decisionHeaders, "connection", "close"],
      );
      return;
    }
    sendProblem(
      this.res,
      timedOut
        ? { status, code: "upstream_timeout", title: "Gateway Timeout", detail: `${target} did not answer within ${this.route.timeoutMs} ms` }
        : { status, code: "upstream_unavailable", title: "Bad Gateway", detail: `${target} could not be reached: ${describe(error)}` },
      decisionHeaders,
    );
  }

  /** Records the request; returns its latency in seconds. */
  private finish(status: number): number {
    this.done = true;
    clearTimeout(this.timer);
    this.res.off("close", this.onCallerClose);
    const seconds = (performance.now() - this.startedAt) / 1000;
    this.route.stats.request(this.rule, status, seconds);
    return seconds;
  }

  private readonly onTimeout = (): void => {
    if (this.done) return;
    const abort = this.abortUpstream;
    // Answer first: undici reports the abort through onError, which then finds nothing to do.
    this.onError(TIMEOUT);
    abort?.(TIMEOUT);
  };

  /** The caller went away before the response ended: stop the backend exchange too. */
  private readonly onCallerClose = (): void => {
    if (this.done) return;
    const seconds = this.finish(CLIENT_CLOSED);
    this.answer?.settle(null, seconds);
    this.abortUpstream?.(CALLER_GONE);
  };
}

/** nginx's convention for "the client closed the connection before the response". */
const CLIENT_CLOSED = 499;
const TIMEOUT = new Error("route timeout");
const CALLER_GONE = new Error("the caller closed the connection");

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code} ${error.message}` : error.message;
}

/**
 * A disagreement as the gateway stores it for the console (routers with
 * `settings.keepDisagreements` > 0): the request as far as it matters, both answers and
 * where they differ. What is kept, and its bounds:
 * - request: method, path (after /{project}/{router}), query string, the headers the router's
 *   rules and key sources read (credentials — authorization, proxy-authorization, cookie —
 *   are replaced by "[redacted]"), and the body;
 * - each answer: status, latency and body;
 * - the differing fields (each side's value, large values cut to 2 KiB of JSON text).
 * Bodies are cut at 32 KiB (flagged `truncated`), the path and query at 2 KiB; invalid UTF-8
 * and NUL characters become U+FFFD (PostgreSQL stores neither).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FieldDifference } from "../shadows/compare";
import type { Answer } from "./body-comparison";
import type { RouterEntry } from "./router-entry";

export const SAMPLE_BODY_BYTES = 32 * 1024;
const SAMPLE_TEXT_CHARS = 2048;
const REDACTED = new Set(["authorization", "proxy-authorization", "cookie"]);

export interface SampledAnswer {
  readonly status: number;
  readonly latencyMs: number;
  readonly body: string;
  readonly truncated: boolean;
}

export interface DisagreementSample {
  readonly project: string;
  readonly router: string;
  readonly version: number;
  readonly rule: string;
  readonly route: string;
  readonly field: string;
  readonly keep: number;
  readonly at: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly query: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string | null;
    readonly bodyTruncated: boolean;
  };
  readonly primary: SampledAnswer;
  readonly shadow: SampledAnswer;
  readonly differences: readonly FieldDifference[];
}

const decoder = new TextDecoder("utf-8");

/** Text PostgreSQL can store: no NUL; undecodable bytes already became U+FFFD. */
function storable(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\ufffd") : text;
}

function cut(text: string, max: number): string {
  return storable(text.length > max ? text.slice(0, max) : text);
}

function bodyText(bytes: Buffer | null, size: number): { body: string; truncated: boolean } {
  const kept = bytes === null ? new Uint8Array(0) : bytes.subarray(0, SAMPLE_BODY_BYTES);
  return { body: storable(decoder.decode(kept)), truncated: size > kept.byteLength };
}

function answerOf(answer: Answer): SampledAnswer {
  return { status: answer.status, latencyMs: Math.round(answer.seconds * 1e6) / 1e3, ...bodyText(answer.capture.bytes(), answer.capture.size) };
}

/** The request of a mirrored exchange, kept (by reference) in case one of its shadows disagrees. */
export class SampleContext {
  constructor(
    private readonly entry: RouterEntry,
    private readonly rule: string,
    private readonly method: string,
    private readonly rest: string,
    private readonly search: string,
    private readonly headers: IncomingHttpHeaders,
    private readonly body: Buffer | null,
  ) {}

  sample(route: string, field: string, differences: readonly FieldDifference[], primary: Answer, shadow: Answer): DisagreementSample {
    const headers: Record<string, string> = {};
    for (const name of this.entry.sampleHeaders) {
      const value = this.headers[name];
      if (value === undefined) continue;
      headers[name] = REDACTED.has(name) ? "[redacted]" : cut(Array.isArray(value) ? value.join(", ") : value, SAMPLE_TEXT_CHARS);
    }
    const body = this.body === null ? null : bodyText(this.body, this.body.length);
    return {
      project: this.entry.project,
      router: this.entry.router,
      version: this.entry.version,
      rule: this.rule,
      route,
      field: cut(field, 256),
      keep: this.entry.keepDisagreements,
      at: new Date().toISOString(),
      request: {
        method: this.method,
        path: cut(this.rest, SAMPLE_TEXT_CHARS),
        query: cut(this.search.startsWith("?") ? this.search.slice(1) : this.search, SAMPLE_TEXT_CHARS),
        headers,
        body: body?.body ?? null,
        bodyTruncated: body?.truncated ?? false,
      },
      primary: answerOf(primary),
      shadow: answerOf(shadow),
      differences: differences.slice(0, 50),
    };
  }
}

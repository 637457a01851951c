/** A keep-alive HTTP client for the gateway tests, and bounded concurrent request loops. */
import http from "node:http";
import net from "node:net";
import { Readable } from "node:stream";
import { Agent, request } from "undici";

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface SendOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** An async iterable is sent chunked (no Content-Length). */
  readonly body?: string | Buffer | AsyncIterable<Buffer>;
}

export class TestClient {
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

  async send(url: string, options: SendOptions = {}): Promise<Reply> {
    const response = await request(url, {
      method: (options.method ?? (options.body !== undefined ? "POST" : "GET")) as "GET",
      headers: options.headers,
      body: options.body === undefined || typeof options.body === "string" || Buffer.isBuffer(options.body) ? options.body : Readable.from(options.body),
      dispatcher: this.agent,
    });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  }

  /** Runs `count` calls of `one(i)`, at most `concurrency` at a time. */
  async many<T>(count: number, concurrency: number, one: (i: number) => Promise<T>): Promise<T[]> {
    const results = new Array<T>(count);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        results[i] = await one(i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return results;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * One request over node:http on a fresh connection, which (unlike undici) lets a test send
 * hop-by-hop headers such as `keep-alive`, `te` or `proxy-connection`.
 */
export function rawRequest(url: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export interface RawReply {
  /** The final (non-1xx) status, or null when the connection closed without one. */
  readonly status: number | null;
  /** Header names in lower case; a repeated header keeps its last value. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Writes `request` byte for byte on a fresh connection and reads until the server closes it
 * (send `Connection: close`, or something the server refuses) or `timeoutMs` passes: for
 * requests no HTTP client library would send.
 */
export function rawExchange(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // The server may close while the request is still being written (EPIPE, ECONNRESET): what it answered is read anyway.
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseRawResponse(Buffer.concat(chunks)));
    });
  });
}

function parseRawResponse(bytes: Buffer): RawReply {
  let text = bytes.toString("latin1");
  for (;;) {
    const end = text.indexOf("\r\n\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
    if (end === -1 || status === null) return { status: null, headers: {}, body: text };
    const code = Number(status[1]);
    const headers: Record<string, string> = {};
    for (const line of text.slice(0, end).split("\r\n").slice(1)) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const rest = text.slice(end + 4);
    if (code < 200) {
      text = rest;
      continue;
    }
    const body = headers["transfer-encoding"] === "chunked" ? dechunk(rest) : rest;
    return { status: code, headers, body: Buffer.from(body, "latin1").toString("utf8") };
  }
}

function dechunk(text: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf("\r\n", at);
    if (lineEnd === -1) return out;
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

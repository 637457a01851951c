/** Reading a request body the gateway itself needs (payload rules, payload keys, shadows). */
import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";

/** The request carries a body: a positive Content-Length or a Transfer-Encoding. */
export function hasRequestBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return length !== "0";
  return req.headers["transfer-encoding"] !== undefined;
}

/** The declared Content-Length exceeds the limit: refuse before reading a byte. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const length = req.headers["content-length"];
  return length !== undefined && Number(length) > limit;
}

/** The body passed the limit: the chunks read so far. The request is paused at that point. */
export class Overflow {
  constructor(readonly head: readonly Buffer[]) {}
}

/** The whole body, or an Overflow as soon as it passes `limit` bytes. */
export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer | Overflow> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(new Overflow(chunks));
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => {
      cleanup();
      reject(new Error("the client closed the connection while sending the body"));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onAborted);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onAborted);
  });
}

/**
 * After refusing an overflowed body: the rest is discarded as it arrives (not buffered), so
 * that the caller still reads the 413 and the connection stays usable.
 */
export function discardRest(req: IncomingMessage): void {
  req.resume();
}

/** An overflowed body as one stream again: the chunks already read, then the rest of the request. */
export function replayBody(req: IncomingMessage, overflow: Overflow): Readable {
  const stream = new PassThrough();
  for (const chunk of overflow.head) stream.write(chunk);
  req.once("error", (error) => stream.destroy(error));
  req.pipe(stream);
  return stream;
}

/**
 * Deepest nesting of arrays and objects accepted in a payload the gateway parses. V8's
 * JSON.parse itself copes with any depth, but whatever walks the parsed value — here or in
 * a backend (Python's json module gives up near 1000) — should not have to.
 */
export const MAX_PAYLOAD_DEPTH = 1000;

/**
 * Whether arrays and objects in `body` nest deeper than `limit` (brackets inside strings
 * do not count). One pass over the bytes, skipped for a body too short to nest that deep.
 */
export function nestingExceeds(body: Buffer, limit: number): boolean {
  if (body.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** The body as JSON for payload conditions; a body that is not JSON has no payload fields. */
export function parseJsonBody(body: Buffer | null): unknown {
  if (body === null || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Requests Node's HTTP parser refuses before the gateway sees them (malformed request line
 * or headers, conflicting Content-Length, headers over the size limit, a request too slow
 * to arrive) get the same problem+json answer as everything else the gateway refuses,
 * instead of Node's bare status line. As in Node's own handler, nothing is written once a
 * response has started on the connection; the connection is closed either way.
 */
import { maxHeaderSize, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { problemBody, type Problem } from "./problem";

function problemFor(error: Error & { code?: string }): Problem {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        code: "headers_too_large",
        title: "Request Header Fields Too Large",
        detail: `the request line and headers exceed the gateway's limit of ${maxHeaderSize} bytes`,
      };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return { status: 413, code: "chunk_extensions_too_large", title: "Content Too Large", detail: "the body's chunk extensions are too large" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, code: "request_timeout", title: "Request Timeout", detail: "the request did not arrive in time" };
    default:
      return { status: 400, code: "malformed_request", title: "Bad Request", detail: `the request is not valid HTTP/1.1: ${error.message}` };
  }
}

/** A `clientError` listener for the gateway's HTTP servers. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The response in progress on this connection, if any (Node's own handler checks the same).
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code !== "ECONNRESET" && socket.writable && !inFlight?.headersSent) {
    const problem = problemFor(error);
    const body = problemBody(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Real HTTP backends on 127.0.0.1 for the gateway tests. */
import http, { type IncomingHttpHeaders } from "node:http";
import net, { type AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type BackendHandler = (request: ReceivedRequest, res: http.ServerResponse) => void;

export interface Backend {
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order (bodies read in full). */
  readonly received: ReceivedRequest[];
  /** Connections currently open to this backend. */
  readonly openConnections: () => number;
  close(): Promise<void>;
}

/** Answers `{ "backend": name, "path": url }` as JSON: identical backends give identical bodies for a path. */
export const answerWith =
  (name: string, status = 200): BackendHandler =>
  (request, res) => {
    const body = JSON.stringify({ backend: name, path: request.url });
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

/** Answers with the request it received: method, url, headers and body. */
export const echo: BackendHandler = (request, res) => {
  const body = JSON.stringify(request);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
};

/** Never answers (the connection stays open until the caller gives up or the backend closes). */
export const hang: BackendHandler = () => {};

export async function startBackend(handler: BackendHandler): Promise<Backend> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      handler(request, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

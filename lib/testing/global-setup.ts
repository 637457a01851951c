import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

/**
 * Starts one PostgreSQL for the whole run (or uses DATABASE_URL's server), migrates a
 * template database once, and lets every test file clone its own fresh database from it
 * (`createTestDatabase`). The dev data is never touched.
 */
export default async function setup(project: TestProject) {
  let server: EmbeddedDatabase | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "turnout-test-pg-"));
    server = await startEmbeddedPostgres(path.join(dir, "data"), { persistent: false });
    serverUrl = server.url;
  }
  const template = `turnout_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await migrate(withDatabase(serverUrl, template));
  await admin.end();
  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", template);
  return async () => {
    const c = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
    await c.connect();
    const dbs = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'turnout_test_%' OR datname = $1`, [template]);
    for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.end();
    await server?.stop();
  };
}

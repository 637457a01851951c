#!/usr/bin/env node
// Runs the Prisma CLI (e.g. `node scripts/prisma.mjs generate`). `prisma generate` needs no
// schema engine, but the CLI fetches one on start-up; offline machines cannot, so unless
// the caller provides a binary we point it at a placeholder that only says it is absent.
// Migrations are applied by lib/db/migrate.ts, which needs no engine either.
import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import path from "node:path";

const here = import.meta.dirname;
const placeholder = path.join(here, "no-schema-engine.sh");
chmodSync(placeholder, 0o755);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const cli = path.join(here, "..", "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);

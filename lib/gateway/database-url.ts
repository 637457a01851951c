/**
 * Which database the gateway reads: DATABASE_URL, or the URL `npm run dev` / `npm start`
 * write to .data/database-url when they start the embedded PostgreSQL.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const DATABASE_URL_FILE = ".data/database-url";

export function resolveDatabaseUrl(root: string, env: NodeJS.ProcessEnv = process.env): { url: string; from: string } | null {
  const fromEnv = env.DATABASE_URL?.trim();
  if (fromEnv) return { url: fromEnv, from: "DATABASE_URL" };
  try {
    const url = readFileSync(path.join(root, DATABASE_URL_FILE), "utf8").trim();
    if (url) return { url, from: DATABASE_URL_FILE };
  } catch {
    // No file: the console is not running with an embedded database.
  }
  return null;
}

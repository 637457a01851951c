/**
 * The last good configuration on disk, so that a gateway can start — and keep serving —
 * while PostgreSQL is unreachable. Written atomically (temporary file, then rename) so a
 * crash mid-write never leaves a torn file; several workers writing the same content race
 * harmlessly.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RouterRecord } from "./router-entry";

const FORMAT = "turnout-gateway-cache";
const FORMAT_VERSION = 1;

interface CacheFile {
  format: typeof FORMAT;
  formatVersion: number;
  savedAt: string;
  routers: RouterRecord[];
}

export async function writeCacheFile(file: string, routers: readonly RouterRecord[]): Promise<void> {
  const content: CacheFile = { format: FORMAT, formatVersion: FORMAT_VERSION, savedAt: new Date().toISOString(), routers: [...routers] };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(content)}\n`, { mode: 0o600 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isRecord(value: unknown): value is RouterRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.project === "string" && typeof r.router === "string" && typeof r.version === "number" && typeof r.versionId === "string" && "document" in r;
}

/** The cached routers; null when there is no cache file. Entries that are not records are skipped. */
export async function readCacheFile(file: string): Promise<RouterRecord[] | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const content = JSON.parse(text) as Partial<CacheFile>;
  if (content.format !== FORMAT || !Array.isArray(content.routers)) throw new Error(`${file} is not a Turnout gateway cache file`);
  return content.routers.filter(isRecord);
}

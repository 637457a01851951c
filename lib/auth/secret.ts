import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

/**
 * The key that signs session cookies. Without BETTER_AUTH_SECRET, one is generated on the
 * first start and kept in the database, so sessions survive restarts and every console
 * process sharing the database agrees on it.
 */
export async function instanceSecret(db: Db): Promise<string> {
  const fresh = randomBytes(32).toString("base64url");
  await db.instanceMeta.upsert({ where: { key: "auth_secret" }, create: { key: "auth_secret", value: fresh }, update: {} });
  const row = await db.instanceMeta.findUniqueOrThrow({ where: { key: "auth_secret" } });
  return String(row.value);
}

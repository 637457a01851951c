/** The SQL the gateway runs: all active versions, one router's, and a cheap revision stamp. */
import type pg from "pg";
import type { RouterRecord } from "./router-entry";

/**
 * The channel `deployRouter` notifies (lib/versions/repo.ts, DEPLOY_CHANNEL). Spelled out here
 * because that module pulls in Prisma and the analysis, which the gateway does not need; a
 * database test checks that the two agree.
 */
export const DEPLOY_CHANNEL = "turnout_deploy";

const ACTIVE = `
  SELECT p.name AS project, r.name AS router, v.number AS version, v.id::text AS "versionId", v.document
  FROM routers r
  JOIN projects p ON p.id = r."projectId"
  JOIN versions v ON v.id = r."activeVersionId"`;

/**
 * Changes whenever any router's active version changes — a deploy, a rollback to an older
 * version, a router or project deleted or renamed — without reading any document.
 */
const REVISION = `
  SELECT md5(coalesce(string_agg(p.name || '/' || r.name || '=' || r."activeVersionId"::text, ',' ORDER BY p.name, r.name), '')) AS revision
  FROM routers r
  JOIN projects p ON p.id = r."projectId"
  WHERE r."activeVersionId" IS NOT NULL`;

type Queryable = Pick<pg.Pool, "query">;

export async function loadActiveVersions(db: Queryable): Promise<RouterRecord[]> {
  return (await db.query<RouterRecord>(ACTIVE)).rows;
}

export async function loadActiveVersion(db: Queryable, project: string, router: string): Promise<RouterRecord | null> {
  const rows = (await db.query<RouterRecord>(`${ACTIVE} WHERE p.name = $1 AND r.name = $2`, [project, router])).rows;
  return rows[0] ?? null;
}

export async function loadRevision(db: Queryable): Promise<string> {
  return (await db.query<{ revision: string }>(REVISION)).rows[0]!.revision;
}

import type { Tx } from "@/lib/db/client";

/**
 * Locks that make a check and the write it guards one step: taken inside the transaction
 * that counts (owners, administrators) or compares (revisions, audience conditions) and
 * then writes, held until it commits, so a concurrent writer checks after it, not beside it.
 *
 * Lock order, to keep transactions from waiting on each other in a circle:
 * administrators → a user's row → a project's audiences → router rows (by id) → the project
 * row → the project's other rows (audiences, tokens, members). Every write in a project ends
 * by inserting its audit row, whose foreign key holds the project row (KEY SHARE): a router's
 * edits and deploys take their router before that, deleting a project locks its routers
 * before the project, and writes to other rows hold the project first (`holdProject`).
 * Deploys lock their router row without waiting (NOWAIT) and take none of the others.
 */

// Two-key advisory locks; the first key says what kind of thing the second names.
const ADMINS = 727_301;
const PROJECT_AUDIENCES = 727_302;
const DEMO_SEEDING = 727_303;

/** Serialises every change that could leave Turnout without an administrator. */
export async function lockAdministrators(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINS}::int, 0)`;
}

/**
 * Serialises changes to one project's owners. NO KEY UPDATE, so rows that merely reference
 * the project (new routers, audiences, tokens) are not held up.
 */
export async function lockProjects(tx: Tx, projectIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(projectIds)].sort()) {
    await tx.$executeRaw`SELECT 1 FROM projects WHERE id = ${id}::uuid FOR NO KEY UPDATE`;
  }
}

/**
 * A project's audiences as seen by its routers: draft edits take it shared (they read
 * audiences and may start using one), audience edits and deletions take it exclusive (they
 * change what those routers' rules mean and must see every router using the audience).
 */
export async function lockProjectAudiences(tx: Tx, projectId: string, mode: "shared" | "exclusive"): Promise<void> {
  if (mode === "shared") await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${PROJECT_AUDIENCES}::int, hashtext(${projectId}))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PROJECT_AUDIENCES}::int, hashtext(${projectId}))`;
}

/**
 * Holds the project row (KEY SHARE: it cannot be deleted, anything else goes on) before a
 * write locks one of its other rows, which deleting the project would wait for.
 */
export async function holdProject(tx: Tx, projectId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM projects WHERE id = ${projectId}::uuid FOR KEY SHARE`;
}

/**
 * Taken first by every draft edit and router creation: the project's audiences, shared. An
 * audience edit waits for the draft edits in flight and holds new ones back until it commits.
 */
export async function lockForDraftEdit(tx: Tx, projectId: string): Promise<void> {
  await lockProjectAudiences(tx, projectId, "shared");
}

/** Held while the demo project is loaded on a first start, so two consoles starting at once load it once. */
export async function lockDemoSeeding(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEMO_SEEDING}::int, 0)`;
}

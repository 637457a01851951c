import type { Db, Tx } from "@/lib/db/client";
import { DomainError, DuplicateError, InUseError, InvariantError, NotFoundError } from "@/lib/errors";

type DbErrorLike = {
  code?: unknown;
  message?: unknown;
  meta?: { target?: unknown; constraint?: unknown; modelName?: unknown; driverAdapterError?: { cause?: { originalCode?: string; constraint?: unknown; kind?: string } } };
};

/**
 * What a write was about, in its user's words, so that a refused write names the resource
 * ("a router named 'web' already exists in project 'shop'") and never a constraint.
 */
export type DbErrorContext = {
  /** The resource written: "router", "audience", "token", … */
  what: string;
  /** The name (for users and members, the email) the write gave it. */
  name?: string;
  /** The project it belongs to, by name… */
  project?: string;
  /** …or by id, looked up (only to word a duplicate) through `db`. */
  projectId?: string;
  db?: Db | Tx;
  /** The router it belongs to (routes, rules). */
  router?: string;
};

type Unique = { field?: string; message: (c: DbErrorContext) => string };

const named = (c: DbErrorContext) => (c.name !== undefined ? `named '${c.name}'` : "with this name");
const inProject = (c: DbErrorContext) => (c.project !== undefined ? `project '${c.project}'` : "this project");
const inRouter = (c: DbErrorContext) => (c.router !== undefined ? `router '${c.router}'` : "this router");

/** Every unique constraint a write can run into, by name, as the user would say it. */
const UNIQUE: Record<string, Unique> = {
  projects_name_key: { field: "name", message: (c) => `a project ${named(c)} already exists` },
  routers_projectId_name_key: { field: "name", message: (c) => `a router ${named(c)} already exists in ${inProject(c)}` },
  audiences_projectId_name_key: { field: "name", message: (c) => `an audience ${named(c)} already exists in ${inProject(c)}` },
  api_tokens_projectId_name_live_key: {
    field: "name",
    message: (c) => `a token ${named(c)} already exists in ${inProject(c)}; revoke it first or choose another name`,
  },
  routes_routerId_name_key: { field: "name", message: (c) => `a route ${named(c)} already exists in ${inRouter(c)}` },
  rules_routerId_name_key: { field: "name", message: (c) => `a rule ${named(c)} already exists in ${inRouter(c)}` },
  users_email_key: { field: "email", message: (c) => (c.name !== undefined ? `a user with the email '${c.name}' already exists` : "a user with this email already exists") },
  memberships_userId_projectId_key: { field: "email", message: (c) => `${c.name !== undefined ? `'${c.name}'` : "this user"} is already a member of ${inProject(c)}` },
  split_entries_ruleId_routeId_key: { message: () => "a split names the same route twice: merge the two entries into one" },
  shadows_ruleId_routeId_key: { message: () => "a rule shadows the same route twice: keep one entry" },
  rollouts_one_active_per_router: { message: (c) => `another rollout of ${inRouter(c)} has just started; finish or abort it first` },
  rollouts_routerId_number_key: { message: (c) => `another rollout of ${inRouter(c)} was started at the same moment; reload and try again` },
  versions_routerId_number_key: { message: (c) => `another deploy or rollback of ${inRouter(c)} was stored at the same moment; reload and try again` },
};

/** The unique constraints worded above: names users choose, or what two racing writes both want. */
export const WORDED_UNIQUE_CONSTRAINTS: readonly string[] = Object.keys(UNIQUE);

/**
 * Unique constraints on what the server assigns itself (ids, positions, token hashes,
 * session tokens) or on an invariant worded below: no request can run into them, so they
 * keep the generic wording. A test checks that every unique constraint in the migrations is
 * in one list or the other.
 */
export const SERVER_ASSIGNED_UNIQUE_CONSTRAINTS: readonly string[] = [
  "routers_activeVersionId_key",
  "routes_routerId_id_key",
  "rules_routerId_id_key",
  "rules_routerId_position_key",
  "rules_one_default_per_router",
  "conditions_ruleId_position_key",
  "conditions_audienceId_position_key",
  "split_entries_ruleId_position_key",
  "shadows_ruleId_position_key",
  "api_tokens_hash_key",
  "sessions_token_key",
];

/** The unique constraint (or index) a violation names, when the driver says. */
function constraintOf(meta: DbErrorLike["meta"]): string | undefined {
  const constraint = meta?.driverAdapterError?.cause?.constraint as { index?: string } | undefined;
  if (constraint?.index) return constraint.index;
  if (typeof meta?.target === "string") return meta.target;
  return undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const e = (typeof error === "object" && error !== null ? error : {}) as DbErrorLike;
  return e.code === "P2002" || e.meta?.driverAdapterError?.cause?.originalCode === "23505";
}

function duplicate(meta: DbErrorLike["meta"], c: DbErrorContext): DuplicateError {
  const known = UNIQUE[constraintOf(meta) ?? ""];
  const message = known ? known.message(c) : `this ${c.what} conflicts with one that already exists`;
  const field = known ? known.field : undefined;
  return new DuplicateError(message, field ? { target: field } : {});
}

/**
 * Maps a Prisma / PostgreSQL failure to a typed domain error; anything unrecognised is
 * returned unchanged so that callers answer 500 without leaking internals.
 */
export function translateDbError(error: unknown, context: string | DbErrorContext = "record"): unknown {
  if (error instanceof DomainError || typeof error !== "object" || error === null) return error;
  const c = typeof context === "string" ? { what: context } : context;
  const e = error as DbErrorLike;
  const message = typeof e.message === "string" ? e.message : "";
  const pgCode = e.meta?.driverAdapterError?.cause?.originalCode;
  const text = `${message} ${JSON.stringify(e.meta ?? {})}`;
  if (/rules_one_default_per_router|routers_have_default_rule|conditions_not_on_default_rule|rules_default_shape/.test(text)) {
    return new InvariantError("a router has exactly one default rule, which is last and has no name or conditions");
  }
  if (/versions are immutable/.test(text)) return new InvariantError("versions are immutable");
  if (isUniqueViolation(error)) return duplicate(e.meta, c);
  if (e.code === "P2003" || pgCode === "23503") {
    return new InUseError(`this ${c.what} is still in use and cannot be removed`);
  }
  if (e.code === "P2025") return new NotFoundError(c.what, c.name ?? "");
  if (pgCode === "23514" || pgCode === "P0001") return new InvariantError(message.split("\n").pop() ?? "constraint violated");
  return error;
}

/** The context with the project's name filled in from its id, for the wording of a duplicate. */
async function withProjectName(c: DbErrorContext): Promise<DbErrorContext> {
  if (c.project !== undefined || c.projectId === undefined || c.db === undefined) return c;
  try {
    const row = await c.db.project.findUnique({ where: { id: c.projectId }, select: { name: true } });
    return row ? { ...c, project: row.name } : c;
  } catch {
    // Inside a transaction that already failed: the message says "this project".
    return c;
  }
}

export async function withDbErrors<T>(context: string | DbErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const c = typeof context === "string" ? { what: context } : context;
    throw translateDbError(error, isUniqueViolation(error) ? await withProjectName(c) : c);
  }
}

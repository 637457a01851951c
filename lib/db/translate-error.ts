import { DomainError, DuplicateError, InUseError, InvariantError, NotFoundError } from "@/lib/errors";

type DbErrorLike = {
  code?: unknown;
  message?: unknown;
  meta?: { target?: unknown; constraint?: unknown; modelName?: unknown; driverAdapterError?: { cause?: { originalCode?: string; constraint?: unknown; kind?: string } } };
};

function describeTarget(meta: DbErrorLike["meta"]): string {
  const cause = meta?.driverAdapterError?.cause;
  const constraint = cause?.constraint as { fields?: string[]; index?: string } | undefined;
  if (constraint?.fields?.length) return constraint.fields.join(", ");
  if (constraint?.index) return constraint.index;
  if (Array.isArray(meta?.target)) return meta.target.join(", ");
  if (typeof meta?.target === "string") return meta.target;
  return "name";
}

/**
 * Maps a Prisma / PostgreSQL failure to a typed domain error; anything unrecognised is
 * returned unchanged so that callers answer 500 without leaking internals.
 */
export function translateDbError(error: unknown, context = "record"): unknown {
  if (error instanceof DomainError || typeof error !== "object" || error === null) return error;
  const e = error as DbErrorLike;
  const message = typeof e.message === "string" ? e.message : "";
  const pgCode = e.meta?.driverAdapterError?.cause?.originalCode;
  const text = `${message} ${JSON.stringify(e.meta ?? {})}`;
  if (/rules_one_default_per_router|routers_have_default_rule|conditions_not_on_default_rule|rules_default_shape/.test(text)) {
    return new InvariantError("a router has exactly one default rule, which is last and has no name or conditions");
  }
  if (/versions are immutable/.test(text)) return new InvariantError("versions are immutable");
  if (e.code === "P2002" || pgCode === "23505") {
    return new DuplicateError(`a ${context} with this ${describeTarget(e.meta)} already exists`, { target: describeTarget(e.meta) });
  }
  if (e.code === "P2003" || pgCode === "23503") {
    return new InUseError(`this ${context} is still in use and cannot be removed`);
  }
  if (e.code === "P2025") return new NotFoundError(context, "");
  if (pgCode === "23514" || pgCode === "P0001") return new InvariantError(message.split("\n").pop() ?? "constraint violated");
  return error;
}

export async function withDbErrors<T>(context: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateDbError(error, context);
  }
}

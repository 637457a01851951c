/**
 * Typed domain errors. Repositories translate database failures into these so that the
 * API, the console and scripts can answer precisely (404, 409, 412, …) without reading
 * driver internals.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, name: string) {
    super(`${what} '${name}' does not exist`, 404, "not_found", { what, name });
  }
}

/** A unique name (or another unique key) is already taken. */
export class DuplicateError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 409, "duplicate", details);
  }
}

/** Something still references the row being deleted (a route used by a split, an audience used by a rule). */
export class InUseError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 409, "in_use", details);
  }
}

/** The caller's revision (If-Match) is not the current one: someone else changed it first. */
export class StaleRevisionError extends DomainError {
  constructor(what: string, expected: number, current: number | undefined) {
    super(
      `${what} was changed by someone else (you had revision ${expected}, it is now ${current ?? "gone"}); reload and try again`,
      412,
      "stale_revision",
      { expected, current },
    );
  }
}

/** A rule of the data model the database refused (second default rule, conditions on the default rule, …). */
export class InvariantError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 409, "invariant", details);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, readonly issues: { path: string; message: string }[]) {
    super(message, 422, "invalid", { issues });
  }
}

import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { holdProject } from "@/lib/db/locks";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError, NotFoundError } from "@/lib/errors";

const TOKEN_PREFIX = "trn_";
const LAST_USED_PRECISION_MS = 60_000;

/** Only the hash is stored: a leaked database does not leak usable tokens. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(): { token: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { token, prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export type TokenView = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  createdBy: string | null;
};

const view = (t: {
  id: string; name: string; prefix: string; scope: "read" | "write"; expiresAt: Date | null; revokedAt: Date | null;
  lastUsedAt: Date | null; createdAt: Date; createdBy?: { email: string } | null;
}): TokenView => ({
  id: t.id, name: t.name, prefix: t.prefix, scope: t.scope, expiresAt: t.expiresAt, revokedAt: t.revokedAt,
  lastUsedAt: t.lastUsedAt, createdAt: t.createdAt, createdBy: t.createdBy?.email ?? null,
});

export async function listTokens(db: Db | Tx, projectId: string): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, include: { createdBy: { select: { email: true } } } });
  return rows.map(view);
}

/** Creates a token and returns its secret once; it cannot be read again. */
export async function createToken(
  db: Db,
  input: { projectId: string; name: string; scope: "read" | "write"; expiresAt?: Date | null; createdById: string | null; actor: string },
): Promise<{ token: string; view: TokenView }> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new DomainError("expiresAt must be in the future", 422, "invalid", { issues: [{ path: "expiresAt", message: "must be in the future" }] });
  }
  const { token, prefix } = generateToken();
  return withDbErrors({ what: "token", name: input.name, projectId: input.projectId, db }, () =>
    db.$transaction(async (tx) => {
      const row = await tx.apiToken.create({
        data: { projectId: input.projectId, name: input.name, prefix, hash: hashToken(token), scope: input.scope, expiresAt: input.expiresAt ?? null, createdById: input.createdById },
        include: { createdBy: { select: { email: true } } },
      });
      // The audit row names the token, never its secret or hash.
      await recordAudit(tx, { projectId: input.projectId, actor: input.actor, action: "token.create", targetType: "token", targetName: input.name, after: { name: input.name, prefix, scope: input.scope, expiresAt: input.expiresAt ?? null } });
      return { token, view: view(row) };
    }),
  );
}

/**
 * Revokes a token; revoking a revoked token changes nothing. The revocation is a
 * conditional update, so two at once record it (and its audit row) once.
 */
export async function revokeToken(db: Db, input: { projectId: string; id: string; actor: string }): Promise<TokenView> {
  return db.$transaction(async (tx) => {
    await holdProject(tx, input.projectId);
    const row = await tx.apiToken.findFirst({ where: { id: input.id, projectId: input.projectId } });
    if (!row) throw new NotFoundError("token", input.id);
    const revoked = await tx.apiToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: new Date() } });
    const current = await tx.apiToken.findUniqueOrThrow({ where: { id: row.id }, include: { createdBy: { select: { email: true } } } });
    if (revoked.count === 1) {
      await recordAudit(tx, { projectId: input.projectId, actor: input.actor, action: "token.revoke", targetType: "token", targetName: row.name, before: { revokedAt: null }, after: { revokedAt: current.revokedAt } });
    }
    return view(current);
  });
}

export type TokenCheck =
  | { ok: true; token: { id: string; name: string; projectId: string; projectName: string; scope: "read" | "write" } }
  | { ok: false; reason: "unknown" | "revoked" | "expired" };

export async function verifyToken(db: Db, raw: string): Promise<TokenCheck> {
  if (!raw.startsWith(TOKEN_PREFIX)) return { ok: false, reason: "unknown" };
  const row = await db.apiToken.findUnique({ where: { hash: hashToken(raw) }, include: { project: { select: { name: true } } } });
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "expired" };
  // Recording last use is best effort and must not slow or fail the request; once a minute
  // is precise enough and spares a write on every call of a busy automation.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    void db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { ok: true, token: { id: row.id, name: row.name, projectId: row.projectId, projectName: row.project.name, scope: row.scope } };
}

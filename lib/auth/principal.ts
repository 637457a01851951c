import type { Db } from "@/lib/db/client";
import { authFor } from "./better-auth";
import type { PrincipalView } from "./schema";
import { verifyToken } from "./tokens";

/** Who is calling (`GET /api/v1/session` answers with it). */
export type Principal = PrincipalView;

export type Authentication =
  | { ok: true; principal: Principal; via: "cookie" | "bearer" }
  | { ok: false; reason: "missing" | "invalid" | "revoked" | "expired" };

/** How an actor appears in the audit log. */
export function actorName(p: Principal): string {
  return p.kind === "user" ? p.email : `token:${p.name}`;
}

/**
 * A bearer token, when present, decides alone: a request with `Authorization` never falls
 * back to cookies, so automation cannot ride on a browser session by accident.
 */
export async function authenticate(db: Db, headers: Headers): Promise<Authentication> {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, reason: "invalid" };
    const check = await verifyToken(db, match[1]!);
    if (!check.ok) return { ok: false, reason: check.reason === "unknown" ? "invalid" : check.reason };
    const t = check.token;
    return { ok: true, via: "bearer", principal: { kind: "token", tokenId: t.id, name: t.name, projectId: t.projectId, projectName: t.projectName, scope: t.scope } };
  }
  const session = await authFor(db).api.getSession({ headers }).catch(() => null);
  if (!session) return { ok: false, reason: "missing" };
  const user = session.user as { id: string; email: string; name: string; role?: string };
  return { ok: true, via: "cookie", principal: { kind: "user", userId: user.id, email: user.email, name: user.name, isAdmin: user.role === "admin" } };
}

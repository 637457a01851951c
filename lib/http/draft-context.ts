import type { ProjectAccess } from "@/lib/auth/access";
import { actorName, type Principal } from "@/lib/auth/principal";
import type { Db } from "@/lib/db/client";
import type { Ctx } from "@/lib/routers/commands";
import { expectedRevision } from "./revision";

/** The command context of a draft edit: project, router, actor and the caller's If-Match. */
export function draftCtx(x: { req: Request; db: Db; access: ProjectAccess | null; principal: Principal | null; params: { router: string } }, requireIfMatch = false): Ctx {
  return { db: x.db, projectId: x.access!.project.id, router: x.params.router, actor: actorName(x.principal!), expectedRevision: expectedRevision(x.req, requireIfMatch) };
}

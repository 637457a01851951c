import { analyze } from "@/lib/analysis";
import { recordAudit } from "@/lib/audit/record";
import type { Db } from "@/lib/db/client";
import { withDbErrors } from "@/lib/db/translate-error";
import { DomainError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { routerDocumentSchema } from "@/lib/router/document";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { freezeDocument } from "./freeze";

/** Channel the gateway LISTENs on; the payload names the project, router and version. */
export const DEPLOY_CHANNEL = "turnout_deploy";

export type DeployResult = { number: number; versionId: string };

/**
 * Deploys a router's draft: the analysis must find no error; sticky slot tables move
 * minimally from the active version's; the frozen document becomes the next immutable
 * version and the active one, and listeners are notified — all in one transaction. A
 * second deploy of the same router while one is in flight gets 409 instead of waiting.
 */
export async function deployRouter(
  db: Db,
  projectId: string,
  routerName: string,
  options: { message: string; author: string },
): Promise<DeployResult> {
  return withDbErrors("version", () =>
    db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM routers WHERE "projectId" = ${projectId}::uuid AND name = ${routerName} FOR UPDATE NOWAIT`.catch((error: unknown) => {
        if (String((error as Error)?.message ?? error).includes("could not obtain lock")) {
          throw new DomainError(`a deploy of router '${routerName}' is already in progress`, 409, "deploy_in_progress");
        }
        throw error;
      });
      if (locked.length === 0) throw new DomainError(`router '${routerName}' does not exist`, 404, "not_found");
      const draft = await loadRouterDocument(tx, projectId, routerName);
      const errors = analyze(draft.document).filter((f) => f.severity === "error");
      if (errors.length > 0) {
        throw new DomainError(`the draft has ${errors.length} error(s) and cannot be deployed`, 422, "analysis_errors", { findings: errors });
      }
      const active = draft.activeVersionId
        ? await tx.version.findUnique({ where: { id: draft.activeVersionId } })
        : null;
      const activeDoc = active ? routerDocumentSchema.parse(active.document) : undefined;
      const frozen = freezeDocument(draft.document, activeDoc);
      const last = await tx.version.aggregate({ where: { routerId: draft.id }, _max: { number: true } });
      const number = (last._max.number ?? 0) + 1;
      const version = await tx.version.create({
        data: { routerId: draft.id, number, document: frozen as Prisma.InputJsonValue, message: options.message, author: options.author },
      });
      await tx.router.update({ where: { id: draft.id }, data: { activeVersionId: version.id } });
      const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
      await tx.$executeRaw`SELECT pg_notify(${DEPLOY_CHANNEL}, ${JSON.stringify({ project: project.name, router: routerName, version: number })})`;
      await recordAudit(tx, {
        projectId,
        actor: options.author,
        action: "router.deploy",
        targetType: "router",
        targetName: routerName,
        before: active ? { version: active.number } : null,
        after: { version: number, message: options.message },
      });
      return { number, versionId: version.id };
    }),
  );
}

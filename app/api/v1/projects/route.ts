import { visibleProjectIds } from "@/lib/auth/access";
import { actorName } from "@/lib/auth/principal";
import { reply, route } from "@/lib/http/handler";
import { createProjectAs } from "@/lib/projects/repo";
import { projectCreateSchema, projectResponse } from "@/lib/projects/schema";

/** Projects the caller can see. */
export const GET = route({ access: "authenticated" }, async ({ db, principal }) => {
  const visible = await visibleProjectIds(db, principal!);
  const rows = await db.project.findMany({ where: visible === "all" ? {} : { id: { in: visible } }, orderBy: { name: "asc" } });
  return reply({ items: rows.map((p) => projectResponse(p)) });
});

/** Create a project (administrators); the creator becomes its owner. */
export const POST = route({ access: "admin", body: projectCreateSchema }, async ({ db, body, principal }) => {
  const p = principal!;
  const project = await createProjectAs(db, body, { name: actorName(p), userId: p.kind === "user" ? p.userId : null });
  return reply(projectResponse(project, "owner"), { status: 201, etag: project.revision, headers: { location: `/api/v1/projects/${project.name}` } });
});

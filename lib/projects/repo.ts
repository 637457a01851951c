import type { Db, Tx } from "@/lib/db/client";
import { withDbErrors } from "@/lib/db/translate-error";
import { NotFoundError } from "@/lib/errors";

export type RouterSummary = {
  name: string;
  description: string;
  routeCount: number;
  ruleCount: number;
  activeVersion: number | null;
  versionCount: number;
  updatedAt: Date;
};

export type ProjectSummary = {
  name: string;
  displayName: string;
  description: string;
  routers: RouterSummary[];
  audienceCount: number;
};

export async function listProjectsWithRouters(db: Db | Tx): Promise<ProjectSummary[]> {
  const projects = await db.project.findMany({
    orderBy: { name: "asc" },
    include: {
      _count: { select: { audiences: true } },
      routers: {
        orderBy: { name: "asc" },
        include: {
          activeVersion: { select: { number: true } },
          _count: { select: { routes: true, rules: true, versions: true } },
        },
      },
    },
  });
  return projects.map((p) => ({
    name: p.name,
    displayName: p.displayName || p.name,
    description: p.description,
    audienceCount: p._count.audiences,
    routers: p.routers.map((r) => ({
      name: r.name,
      description: r.description,
      routeCount: r._count.routes,
      // The default rule is a row too; users count the rules they ordered.
      ruleCount: Math.max(0, r._count.rules - 1),
      activeVersion: r.activeVersion?.number ?? null,
      versionCount: r._count.versions,
      updatedAt: r.updatedAt,
    })),
  }));
}

export async function getProject(db: Db | Tx, name: string) {
  const project = await db.project.findUnique({ where: { name } });
  if (!project) throw new NotFoundError("project", name);
  return project;
}

export async function createProject(db: Db | Tx, input: { name: string; displayName?: string; description?: string }) {
  return withDbErrors("project", () =>
    db.project.create({ data: { name: input.name, displayName: input.displayName ?? "", description: input.description ?? "" } }),
  );
}

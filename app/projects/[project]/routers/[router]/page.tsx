import type { Metadata } from "next";
import { atLeast } from "@/lib/auth/roles";
import { requirePageProject } from "@/lib/auth/page-session";
import { prisma } from "@/lib/db/client";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { routerSummary } from "@/lib/routers/summary";
import { RouterView } from "@/components/routers/router-view";
import { tabFrom } from "@/components/routers/tab-names";
import { orNotFound } from "../../load";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ project: string; router: string }>;
  searchParams: Promise<{ tab?: string | string[]; rollout?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project, router } = await params;
  return { title: `${router} · ${project}` };
}

/**
 * The router page. The server checks access and renders the first view from the same
 * summary and draft the API serves; the client then keeps them fresh (TanStack Query)
 * and every edit goes through the API with If-Match.
 */
export default async function RouterPage({ params, searchParams }: Props) {
  const [{ project: projectName, router: routerName }, { tab, rollout }] = await Promise.all([params, searchParams]);
  const rolloutRule = typeof rollout === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(rollout) ? rollout : undefined;
  const { project, role } = await requirePageProject(projectName, "viewer");
  const db = prisma();
  const [summary, loaded] = await Promise.all([
    orNotFound(routerSummary(db, project.id, routerName)),
    orNotFound(loadRouterDocument(db, project.id, routerName)),
  ]);

  return (
    <RouterView
      project={project.name}
      projectTitle={project.displayName || project.name}
      router={routerName}
      canEdit={atLeast(role, "editor")}
      initialTab={tabFrom(tab)}
      initialSummary={summary}
      initialConfig={{ data: loaded.document, revision: loaded.revision }}
      initialRollout={tabFrom(tab) === "rollouts" ? rolloutRule : undefined}
    />
  );
}

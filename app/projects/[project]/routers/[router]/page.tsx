import type { Metadata } from "next";
import Link from "next/link";
import { ListOrderedIcon } from "lucide-react";
import { prisma } from "@/lib/db/client";
import { loadRouterDocument } from "@/lib/routers/document-repo";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/common/page-header";
import { DocumentDialog } from "@/components/routers/document-dialog";
import { RouterSettingsList } from "@/components/routers/router-settings";
import { RouterTabs, type RouterTab } from "@/components/routers/router-tabs";
import { RoutesTable } from "@/components/routers/routes-table";
import { RuleCard } from "@/components/routers/rule-card";
import { routeColors } from "@/components/routers/route-colors";
import { VersionsTable } from "@/components/routers/versions-table";
import { loadProject, orNotFound } from "../../load";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ project: string; router: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
};

const TABS = ["rules", "routes", "history", "settings"] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project, router } = await params;
  return { title: `${router} · ${project}` };
}

export default async function RouterPage({ params, searchParams }: Props) {
  const [{ project: projectName, router: routerName }, { tab }] = await Promise.all([params, searchParams]);
  const project = await loadProject(projectName);
  const db = prisma();
  const loaded = await orNotFound(loadRouterDocument(db, project.id, routerName));
  const versions = await db.version.findMany({
    where: { routerId: loaded.id },
    orderBy: { number: "desc" },
    select: { id: true, number: true, message: true, author: true, createdAt: true },
  });

  const doc = loaded.document;
  const active = versions.find((v) => v.id === loaded.activeVersionId) ?? null;
  const colors = routeColors(doc.routes.map((r) => r.name));
  const audiences = new Map(doc.audiences.map((a) => [a.name, a]));
  const initialTab = TABS.find((t) => t === tab) ?? "rules";

  const rules = (
    <div className="flex flex-col gap-3">
      {doc.rules.length === 0 && !doc.defaultRule ? (
        <EmptyState icon={ListOrderedIcon} title="No rules yet">
          Rules are tried in order and the first whose conditions all hold picks the split; the default rule, last, catches the
          rest.
        </EmptyState>
      ) : (
        <ol className="flex flex-col gap-3" aria-label="Rules in priority order">
          {doc.rules.map((rule, i) => (
            <li key={rule.name}>
              <RuleCard
                rule={rule}
                body={rule}
                priority={i + 1}
                audience={rule.audience ? audiences.get(rule.audience) : undefined}
                projectName={project.name}
                colors={colors}
              />
            </li>
          ))}
          {doc.defaultRule ? (
            <li>
              <RuleCard rule={null} body={doc.defaultRule} afterRules={doc.rules.length > 0} projectName={project.name} colors={colors} />
            </li>
          ) : null}
        </ol>
      )}
      {!doc.defaultRule ? (
        <p role="note" className="rounded-lg border border-destructive/30 bg-destructive/5 px-4 py-3 text-sm text-destructive">
          This draft has no default rule, so requests no rule matches have nowhere to go. It cannot be deployed until it has one.
        </p>
      ) : null}
    </div>
  );

  const tabs: RouterTab[] = [
    { value: "rules", label: "Rules", content: rules },
    { value: "routes", label: "Routes", content: <RoutesTable document={doc} colors={colors} /> },
    { value: "history", label: "History", content: <VersionsTable versions={versions} activeVersionId={loaded.activeVersionId} /> },
    { value: "settings", label: "Settings", content: <RouterSettingsList settings={doc.settings} routerName={doc.name} /> },
  ];

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href={`/projects/${project.name}`} className="rounded-sm hover:text-foreground hover:underline underline-offset-4">
              {project.displayName || project.name}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <span aria-current="page" className="font-mono text-foreground">
              {doc.name}
            </span>
          </li>
        </ol>
      </nav>
      <PageHeader
        eyebrow="Router"
        title={<span className="font-mono">{doc.name}</span>}
        meta={
          active ? (
            <Badge variant="success" data-testid="active-version">
              v{active.number} active
            </Badge>
          ) : (
            <Badge variant="warning" data-testid="active-version">
              not deployed
            </Badge>
          )
        }
        description={
          <div className="flex flex-col gap-1">
            {doc.description ? <p className="text-foreground">{doc.description}</p> : null}
            <p>
              {active
                ? `Showing the draft. The gateway serves version ${active.number}.`
                : "Showing the draft. Nothing is deployed yet, so the gateway does not serve this router."}
            </p>
          </div>
        }
        actions={<DocumentDialog routerName={doc.name} json={JSON.stringify(doc, null, 2)} />}
      />
      <RouterTabs tabs={tabs} defaultValue={initialTab} />
    </>
  );
}

"use client";

import { useState } from "react";
import Link from "next/link";
import { Undo2Icon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DiscardDraftDialog } from "@/components/routers/discard/discard-draft-dialog";
import { PageHeader } from "@/components/common/page-header";
import { DocumentDialog } from "@/components/routers/document-dialog";
import { DeployButton, DeployDialog } from "@/components/routers/deploy/deploy-dialog";
import { ServedByBadge } from "@/components/routers/gateways/served-by-badge";
import { HistoryTab } from "@/components/routers/history/history-tab";
import { useRouterConfig } from "@/components/routers/queries/use-router-config";
import { useRouterSummary } from "@/components/routers/queries/use-router-summary";
import type { RouterConfig, RouterSummary } from "@/components/routers/queries/types";
import { RouterTabs, type RouterTab } from "@/components/routers/router-tabs";
import { RoutesTab } from "@/components/routers/routes/routes-tab";
import { DraftAnalysisProvider, DraftFindingsCount } from "@/components/routers/rules/draft-analysis";
import { RulesEditor } from "@/components/routers/rules/rules-editor";
import { SettingsTab } from "@/components/routers/settings/settings-tab";
import { SimulatorTab, type IncomingRequest } from "@/components/routers/simulator/simulator-tab";
import type { RoutingRequest } from "@/lib/router/document";
import { TrafficTab } from "@/components/routers/traffic/traffic-tab";
import type { RouterTabName } from "@/components/routers/tab-names";
import { RolloutInProgressBadge } from "@/components/rollouts/rollout-in-progress-badge";
import { RolloutsTab } from "@/components/rollouts/rollouts-tab";

type RouterViewProps = {
  project: string;
  projectTitle: string;
  router: string;
  canEdit: boolean;
  initialTab: RouterTabName;
  initialSummary: RouterSummary;
  initialConfig: RouterConfig;
  /** `?tab=rollouts&rollout=<rule>` opens "Start rollout" on that rule. */
  initialRollout?: string;
};

/** Where the version stands: what the gateway serves and whether the draft differs from it. */
export function VersionBadges({ summary }: { summary: RouterSummary }) {
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {summary.activeVersion !== null ? (
        <Badge variant="success" data-testid="active-version">
          v{summary.activeVersion} active
        </Badge>
      ) : (
        <Badge variant="warning" data-testid="active-version">
          not deployed
        </Badge>
      )}
      {summary.activeVersion !== null && summary.undeployedChanges ? (
        <Badge variant="warning" data-testid="undeployed-changes">
          undeployed changes
        </Badge>
      ) : null}
    </span>
  );
}

/** The router page: header with the version state, findings and Deploy, then its tabs. */
export function RouterView({ project, projectTitle, router, canEdit, initialTab, initialSummary, initialConfig, initialRollout }: RouterViewProps) {
  const summaryQuery = useRouterSummary(project, router, initialSummary);
  const configQuery = useRouterConfig(project, router, initialConfig);
  const [deployOpen, setDeployOpen] = useState(false);
  const [discardOpen, setDiscardOpen] = useState(false);
  const [tab, setTab] = useState<string>(initialTab);
  const [incoming, setIncoming] = useState<IncomingRequest | null>(null);
  const openTab = (value: RouterTabName) => {
    setTab(value);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", value);
    window.history.replaceState(window.history.state, "", url);
  };
  const simulateRequest = (request: RoutingRequest) => {
    setIncoming((prev) => ({ request, id: (prev?.id ?? 0) + 1 }));
    openTab("simulator");
    // The simulator's first field takes focus, so keyboard users land where the request went.
    requestAnimationFrame(() => document.getElementById("simulator-form")?.querySelector<HTMLElement>("input, textarea, summary")?.focus());
  };
  const summary = summaryQuery.data ?? initialSummary;
  const doc = configQuery.data?.data ?? initialConfig.data;

  const tabs: RouterTab[] = [
    { value: "rules", label: "Rules", content: <RulesEditor project={project} router={router} canEdit={canEdit} onSimulate={simulateRequest} /> },
    { value: "routes", label: "Routes", content: <RoutesTab project={project} router={router} canEdit={canEdit} /> },
    { value: "simulator", label: "Simulator", content: <SimulatorTab project={project} router={router} canEdit={canEdit} incoming={incoming} /> },
    { value: "traffic", label: "Traffic", content: <TrafficTab project={project} router={router} canEdit={canEdit} /> },
    {
      value: "rollouts",
      label: "Rollouts",
      content: <RolloutsTab project={project} router={router} canEdit={canEdit} activeVersion={summary.activeVersion} initialRule={initialRollout} />,
    },
    { value: "history", label: "History", content: <HistoryTab project={project} router={router} canEdit={canEdit} /> },
    { value: "settings", label: "Settings", content: <SettingsTab project={project} router={router} canEdit={canEdit} /> },
  ];

  return (
    <DraftAnalysisProvider doc={doc}>
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href={`/projects/${project}`} className="rounded-sm hover:text-foreground hover:underline underline-offset-4">
              {projectTitle}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <span aria-current="page" className="font-mono text-foreground">
              {router}
            </span>
          </li>
        </ol>
      </nav>
      <PageHeader
        eyebrow="Router"
        title={<span className="font-mono">{router}</span>}
        meta={
          <span className="flex flex-wrap items-center gap-1.5" data-testid="router-status">
            <VersionBadges summary={summary} />
            <ServedByBadge project={project} router={router} />
            <RolloutInProgressBadge project={project} router={router} />
            <DraftFindingsCount initial={summary.findings} />
          </span>
        }
        description={
          <div className="flex flex-col gap-1">
            {summary.description ? <p className="text-foreground">{summary.description}</p> : null}
            <p>
              {summary.activeVersion !== null
                ? summary.undeployedChanges
                  ? `You are looking at the draft. The gateway serves version ${summary.activeVersion}; deploy to publish the draft's changes.`
                  : `The draft matches version ${summary.activeVersion}, which the gateway serves.`
                : "You are looking at the draft. Nothing is deployed yet, so the gateway does not serve this router."}
              {summaryQuery.isError ? " (Could not refresh the router's state.)" : null}
            </p>
          </div>
        }
        actions={
          <>
            <DocumentDialog routerName={router} json={JSON.stringify(doc, null, 2)} />
            {canEdit && summary.activeVersion !== null && summary.undeployedChanges ? (
              <Button variant="outline" onClick={() => setDiscardOpen(true)} data-testid="discard-draft">
                <Undo2Icon aria-hidden="true" />
                Discard changes
              </Button>
            ) : null}
            {canEdit ? <DeployButton onClick={() => setDeployOpen(true)} /> : null}
          </>
        }
      />
      <RouterTabs tabs={tabs} value={tab} onChange={setTab} />
      {canEdit ? <DeployDialog project={project} router={router} open={deployOpen} onOpenChange={setDeployOpen} /> : null}
      {canEdit ? <DiscardDraftDialog project={project} router={router} version={null} open={discardOpen} onOpenChange={setDiscardOpen} /> : null}
    </DraftAnalysisProvider>
  );
}

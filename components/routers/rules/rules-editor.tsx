"use client";

import * as React from "react";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type Modifier,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { ListOrderedIcon, PencilIcon, PlusIcon } from "lucide-react";
import type { Finding, RoutingRequest } from "@/lib/router/document";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { routeColors } from "@/components/routers/route-colors";
import { StrategyBadge } from "@/components/routers/strategy-label";
import { StartRolloutLink } from "@/components/rollouts/start-rollout-link";
import { DeleteRuleDialog } from "./delete-rule-dialog";
import { FindingsPanel } from "./findings-panel";
import { diffFindings, indexFindings, moveItem } from "./findings-index";
import { useDraftAnalysis } from "./draft-analysis";
import { useDeleteRule } from "./queries/use-delete-rule";
import { useReorderRules } from "./queries/use-reorder-rules";
import { useRouterDraft } from "./queries/use-router-draft";
import { RuleBadgeList } from "./rule-badges";
import { RuleDialog, type RuleDialogMode } from "./rule-dialog";
import { RuleSummary } from "./rule-summary";
import { SortableRuleCard } from "./sortable-rule-card";
import { WitnessDialog } from "./witness-dialog";

type RulesEditorProps = {
  project: string;
  router: string;
  canEdit: boolean;
  /** Opens a request (an overlap's example) in the Simulator tab. */
  onSimulate?: (request: RoutingRequest) => void;
};

const INSTRUCTIONS =
  "To move a rule, press Space or Enter on its reorder handle, use the Up and Down arrow keys to choose its new position, " +
  "then press Space or Enter to drop it there, or Escape to cancel. The findings panel shows what the new position would change.";

/**
 * Keeps the dragged card inside the rule list. Without it, holding a card near the window's
 * bottom edge moves it below the page, the page grows, and auto-scroll follows it into empty
 * space without end; bounded, the page ends where the list does.
 */
const withinList: Modifier = ({ transform, draggingNodeRect, containerNodeRect }) => {
  if (!draggingNodeRect || !containerNodeRect) return transform;
  const minY = containerNodeRect.top - draggingNodeRect.top;
  const maxY = containerNodeRect.bottom - draggingNodeRect.bottom;
  return { ...transform, x: 0, y: Math.min(Math.max(transform.y, minY), maxY) };
};
const MODIFIERS = [withinList];

function focusRule(name: string): void {
  const card = document.getElementById(`rule-${name}`);
  if (!card) return;
  card.scrollIntoView({ block: "center", behavior: "smooth" });
  card.focus({ preventScroll: true });
}

/**
 * The Rules tab: the router's rules in priority order (drag to reorder, with live analysis
 * of the order a drop would produce), the default rule pinned last, the findings, and the
 * rule editor. Editors change the draft; viewers see the same cards without controls.
 */
export function RulesEditor({ project, router, canEdit, onSimulate }: RulesEditorProps) {
  const draft = useRouterDraft(project, router);
  const doc = draft.data?.data;
  const { store, snapshot } = useDraftAnalysis();
  const reorder = useReorderRules(project, router);
  const deleteRule = useDeleteRule(project, router);

  const [activeId, setActiveId] = React.useState<string | null>(null);
  const [dialog, setDialog] = React.useState<RuleDialogMode | null>(null);
  const [deleting, setDeleting] = React.useState<string | null>(null);
  const [witness, setWitness] = React.useState<Finding | null>(null);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  // The same array while the order is the same: a write's answer that repeats the optimistic
  // order must not make dnd-kit re-measure the list under a keyboard drag that has just begun.
  const orderKey = doc?.rules.map((r) => r.name).join("\u0000") ?? "";
  const names = React.useMemo(() => (orderKey === "" ? [] : orderKey.split("\u0000")), [orderKey]);
  const colors = React.useMemo(() => routeColors(doc?.routes.map((r) => r.name) ?? []), [doc?.routes]);
  const audiences = React.useMemo(() => new Map((doc?.audiences ?? []).map((a) => [a.name, a])), [doc?.audiences]);

  const dragging = activeId !== null;
  const preview = dragging ? snapshot.preview : null;
  const baseFindings = snapshot.base?.findings ?? null;
  const shownFindings = preview?.findings ?? baseFindings;
  const order = preview?.order ?? (snapshot.base?.doc === doc ? names : (snapshot.base?.doc.rules.map((r) => r.name) ?? names));
  const index = React.useMemo(
    () => (shownFindings ? indexFindings(shownFindings, order, preview !== null && !preview.exact) : null),
    [shownFindings, order, preview],
  );
  const positions = React.useMemo(() => new Map((preview?.order ?? names).map((n, i) => [n, i + 1])), [preview, names]);
  const checking = (doc !== undefined && snapshot.base?.doc !== doc && snapshot.error === null) || (preview !== null && !preview.exact);

  // A short spoken summary of what the position under the dragged card would change.
  const dragSummary = React.useMemo(() => {
    if (!preview || !baseFindings) return "";
    const { added, resolved } = diffFindings(baseFindings, preview.findings);
    if (added.length === 0 && resolved.length === 0) return "No change in findings at this position.";
    return `At this position: ${added.length} new ${added.length === 1 ? "finding" : "findings"}, ${resolved.length} resolved.`;
  }, [preview, baseFindings]);

  const onEdit = React.useCallback((name: string) => setDialog({ kind: "edit", name }), []);
  const onDelete = React.useCallback((name: string) => setDeleting(name), []);
  const onShowFinding = React.useCallback((f: Finding) => setWitness(f), []);

  const position = (id: string | number) => names.indexOf(String(id)) + 1;
  // The position last announced: the drag's first "over" is the card's own place, which the
  // pick-up announcement has just said.
  const announced = React.useRef<string | null>(null);
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      announced.current = String(active.id);
      return `Picked up rule ${active.id}, at position ${position(active.id)} of ${names.length}.`;
    },
    onDragOver: ({ active, over }) => {
      const at = over ? String(over.id) : null;
      if (at === announced.current) return undefined;
      announced.current = at;
      return over ? `Rule ${active.id} moved to position ${position(over.id)} of ${names.length}.` : `Rule ${active.id} is no longer over a position in the list.`;
    },
    onDragEnd: ({ active, over }) =>
      over ? `Rule ${active.id} dropped at position ${position(over.id)} of ${names.length}.` : `Rule ${active.id} dropped; its position is unchanged.`,
    onDragCancel: ({ active }) => `Reordering cancelled. Rule ${active.id} stays at position ${position(active.id)} of ${names.length}.`,
  };

  const orderFor = (activeName: string, overName: string | null): string[] => {
    const from = names.indexOf(activeName);
    const to = overName === null ? from : names.indexOf(overName);
    return from < 0 || to < 0 || from === to ? names : moveItem(names, from, to);
  };

  /** The orders one or two positions away, which the pointer is likely to reach next. */
  const neighbours = (activeName: string, overName: string | null): string[][] => {
    const from = names.indexOf(activeName);
    const at = overName === null ? from : names.indexOf(overName);
    if (from < 0 || at < 0) return [];
    return [at + 1, at - 1, at + 2, at - 2].filter((to) => to >= 0 && to < names.length).map((to) => moveItem(names, from, to));
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    setActiveId(String(active.id));
    store.preview(names, neighbours(String(active.id), null));
  };
  const onDragOver = ({ active, over }: DragOverEvent) => {
    const overName = over ? String(over.id) : null;
    store.preview(orderFor(String(active.id), overName), neighbours(String(active.id), overName));
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setActiveId(null);
    store.endPreview();
    const next = orderFor(String(active.id), over ? String(over.id) : null);
    if (next !== names) reorder.mutate(next);
  };
  const onDragCancel = () => {
    setActiveId(null);
    store.endPreview();
  };

  if (draft.isPending) return <LoadingRows what="rules" rows={["h-36 rounded-xl", "h-36 rounded-xl", "h-36 rounded-xl"]} className="gap-3" testId="rules-loading" />;
  if (draft.isError || !doc) return <LoadFailed what="rules" error={draft.error} onRetry={() => void draft.refetch()} testId="rules-error" />;

  const strict = doc.settings.strict;
  const defaultBadges = index?.defaultRule;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]" data-testid="rules-editor">
      <div className="flex min-w-0 flex-col gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <div className="mr-auto">
            <h2 className="text-base font-semibold">Rules in priority order</h2>
            <p className="text-sm text-muted-foreground">
              The first rule whose conditions all hold takes the request.{canEdit && names.length > 1 ? " Drag a card by its handle to change the order." : ""}
            </p>
          </div>
          {canEdit ? (
            <Button onClick={() => setDialog({ kind: "create" })} disabled={doc.routes.length === 0} title={doc.routes.length === 0 ? "Add a route first" : undefined}>
              <PlusIcon aria-hidden="true" />
              Add rule
            </Button>
          ) : null}
        </div>

        {names.length === 0 ? (
          <EmptyState icon={ListOrderedIcon} title="No rules yet" headingLevel="h3" data-testid="rules-empty">
            Every request goes to the default rule. Add a rule to send requests that match its conditions somewhere else.
          </EmptyState>
        ) : (
          <DndContext
            id={`rules-${project}-${router}`}
            sensors={sensors}
            collisionDetection={closestCenter}
            modifiers={MODIFIERS}
            onDragStart={onDragStart}
            onDragOver={onDragOver}
            onDragEnd={onDragEnd}
            onDragCancel={onDragCancel}
            accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
          >
            <SortableContext items={names} strategy={verticalListSortingStrategy}>
              <ol className="flex flex-col gap-3" aria-label="Rules in priority order" data-testid="rule-list">
                {doc.rules.map((rule) => (
                  <SortableRuleCard
                    key={rule.name}
                    rule={rule}
                    priority={positions.get(rule.name) ?? 0}
                    badges={index?.byRule.get(rule.name)}
                    audience={rule.audience ? audiences.get(rule.audience) : undefined}
                    project={project}
                    colors={colors}
                    canEdit={canEdit}
                    strict={strict}
                    onEdit={onEdit}
                    onDelete={onDelete}
                    onShowFinding={onShowFinding}
                  />
                ))}
              </ol>
            </SortableContext>
          </DndContext>
        )}
        <p className="sr-only" aria-live="polite" data-testid="drag-summary">
          {dragging ? dragSummary : ""}
        </p>

        {doc.defaultRule ? (
          <article
            id="rule-default"
            tabIndex={-1}
            data-testid="rule-card-default"
            aria-labelledby="rule-title-default"
            className="flex flex-col gap-3 rounded-xl border border-dashed bg-card p-4 text-card-foreground shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <div className="flex flex-wrap items-center gap-2">
              <h3 id="rule-title-default" className="text-base font-semibold">
                Default rule
              </h3>
              <Badge variant="secondary">always last</Badge>
              <StrategyBadge strategy={doc.defaultRule.strategy} />
              <RuleBadgeList name="default" badges={defaultBadges} strict={strict} onShowFinding={onShowFinding} />
              {canEdit ? (
                <span className="ml-auto flex items-center gap-1">
                  <StartRolloutLink rule="default" label="Start a rollout on the default rule" />
                  <Button type="button" variant="ghost" size="sm" onClick={() => setDialog({ kind: "default" })} aria-label="Edit the default rule">
                    <PencilIcon aria-hidden="true" />
                    Edit
                  </Button>
                </span>
              ) : null}
            </div>
            <RuleSummary rule={null} body={doc.defaultRule} project={project} colors={colors} afterRules={names.length > 0} />
          </article>
        ) : (
          <div role="note" className="flex flex-wrap items-center gap-3 rounded-lg border border-destructive/30 bg-destructive/5 px-4 py-3 text-sm text-destructive">
            <span className="mr-auto">This draft has no default rule: requests no rule matches have nowhere to go, and it cannot be deployed.</span>
            {canEdit && doc.routes.length > 0 ? (
              <Button variant="outline" size="sm" onClick={() => setDialog({ kind: "default" })}>
                Add a default rule
              </Button>
            ) : null}
          </div>
        )}
      </div>

      <div className="lg:sticky lg:top-4 lg:self-start">
        <FindingsPanel
          findings={shownFindings}
          current={baseFindings}
          dragging={dragging}
          checking={checking}
          error={snapshot.error}
          onShowFinding={onShowFinding}
          onShowRule={focusRule}
        />
      </div>

      {canEdit ? <RuleDialog project={project} router={router} doc={doc} colors={colors} mode={dialog} onOpenChange={(open) => !open && setDialog(null)} /> : null}
      <DeleteRuleDialog
        rule={deleting}
        onOpenChange={(open) => !open && setDeleting(null)}
        onConfirm={(rule) => {
          setDeleting(null);
          deleteRule.mutate(rule);
        }}
      />
      <WitnessDialog
        finding={witness}
        onOpenChange={(open) => !open && setWitness(null)}
        onShowRule={focusRule}
        onSimulate={onSimulate}
      />
    </div>
  );
}

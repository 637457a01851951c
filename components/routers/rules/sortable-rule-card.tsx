"use client";

import * as React from "react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVerticalIcon, PencilIcon, Trash2Icon } from "lucide-react";
import type { Audience, Finding, Rule } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { StartRolloutLink } from "@/components/rollouts/start-rollout-link";
import type { RouteColors } from "@/components/routers/route-colors";
import { StrategyBadge } from "@/components/routers/strategy-label";
import { cn } from "@/lib/utils/cn";
import { badgeSignature, type RuleBadges } from "./findings-index";
import { RuleBadgeList } from "./rule-badges";
import { RuleSummary } from "./rule-summary";

type CardProps = {
  rule: Rule;
  priority: number;
  badges: RuleBadges | undefined;
  audience: Audience | undefined;
  project: string;
  colors: RouteColors;
  canEdit: boolean;
  strict: boolean;
  onEdit: (name: string) => void;
  onDelete: (name: string) => void;
  onShowFinding: (f: Finding) => void;
};

/** A rule's card in the priority list, with its drag handle (editors only). */
export function SortableRuleCard(props: CardProps) {
  const { rule, priority, canEdit, badges } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: rule.name, disabled: !canEdit });
  const unreachable = badges?.unreachable != null;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn("relative list-none", isDragging && "z-10")}
    >
      <article
        id={`rule-${rule.name}`}
        tabIndex={-1}
        data-testid={`rule-card-${rule.name}`}
        data-priority={priority}
        aria-labelledby={`rule-title-${rule.name}`}
        className={cn(
          "flex gap-2 rounded-xl border bg-card py-4 pr-4 pl-2 text-card-foreground shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
          isDragging && "shadow-lg ring-2 ring-primary/40",
          unreachable && "border-destructive/40",
        )}
      >
        <div className="flex w-9 shrink-0 flex-col items-center gap-2">
          {canEdit ? (
            <button
              ref={setActivatorNodeRef}
              type="button"
              {...attributes}
              {...listeners}
              aria-label={`Reorder ${rule.name}`}
              data-testid={`drag-handle-${rule.name}`}
              className="flex size-8 cursor-grab touch-none items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 active:cursor-grabbing"
            >
              <GripVerticalIcon aria-hidden="true" className="size-4" />
            </button>
          ) : null}
          <span className="flex size-6 items-center justify-center rounded-full bg-muted text-xs font-semibold tabular-nums" data-testid={`priority-${rule.name}`}>
            <span className="sr-only">Priority </span>
            {priority}
          </span>
        </div>
        <CardContent {...props} />
      </article>
    </li>
  );
}

const CardContent = React.memo(
  function CardContent({ rule, badges, audience, project, colors, canEdit, strict, onEdit, onDelete, onShowFinding }: CardProps) {
    return (
      <div className="flex min-w-0 flex-1 flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={`rule-title-${rule.name}`} className="font-mono text-base font-semibold">
            {rule.name}
          </h3>
          <StrategyBadge strategy={rule.strategy} />
          {/* In the title row, so badges that come and go during a drag do not change the card's height. */}
          <RuleBadgeList name={rule.name} badges={badges} strict={strict} onShowFinding={onShowFinding} />
          <div className="ml-auto flex items-center gap-1">
            {canEdit ? (
              <>
                <StartRolloutLink rule={rule.name} label={`Start a rollout on rule ${rule.name}`} />
                <Button type="button" variant="ghost" size="sm" onClick={() => onEdit(rule.name)} aria-label={`Edit rule ${rule.name}`}>
                  <PencilIcon aria-hidden="true" />
                  Edit
                </Button>
                <Button type="button" variant="ghost" size="icon" onClick={() => onDelete(rule.name)} aria-label={`Delete rule ${rule.name}`}>
                  <Trash2Icon aria-hidden="true" />
                </Button>
              </>
            ) : null}
          </div>
        </div>
        <RuleSummary rule={rule} body={rule} audience={audience} project={project} colors={colors} />
      </div>
    );
  },
  (a, b) =>
    a.rule === b.rule &&
    a.audience === b.audience &&
    a.colors === b.colors &&
    a.canEdit === b.canEdit &&
    a.strict === b.strict &&
    a.project === b.project &&
    a.onEdit === b.onEdit &&
    a.onDelete === b.onDelete &&
    a.onShowFinding === b.onShowFinding &&
    badgeSignature(a.badges) === badgeSignature(b.badges),
);

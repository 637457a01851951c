import type * as React from "react";
import Link from "next/link";
import { UsersIcon } from "lucide-react";
import type { Audience, DefaultRule, Rule } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConditionList } from "@/components/conditions/condition-chip";
import { SplitBar } from "@/components/routers/split-bar";
import { StrategyBadge, strategyDescription } from "@/components/routers/strategy-label";
import type { RouteColors } from "@/components/routers/route-colors";

type RuleCardProps = {
  /** Null for the default rule. */
  rule: Rule | null;
  body: DefaultRule;
  /** 1-based priority; the default rule has none. */
  priority?: number;
  /** Whether ordered rules come before this (default) rule. */
  afterRules?: boolean;
  audience?: Audience;
  projectName: string;
  colors: RouteColors;
};

function Section({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5 sm:grid-cols-[7rem_1fr] sm:gap-3">
      <p className="pt-0.5 text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
      <div className="min-w-0">{children}</div>
    </div>
  );
}

function Matching({ rule, audience, projectName }: { rule: Rule; audience?: Audience; projectName: string }) {
  if (!rule.audience && rule.conditions.length === 0) {
    return <p className="text-sm text-muted-foreground">Every request (no conditions)</p>;
  }
  return (
    <div className="flex flex-col gap-2">
      {rule.audience ? (
        <div className="flex flex-wrap items-center gap-1.5 text-sm">
          <span className="text-muted-foreground">Audience</span>
          <Link
            href={`/projects/${projectName}/audiences`}
            className="inline-flex items-center gap-1 rounded-sm font-mono font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <UsersIcon aria-hidden="true" className="size-3.5" />
            {rule.audience}
          </Link>
          {audience ? (
            <>
              <span className="text-muted-foreground" aria-hidden="true">
                :
              </span>
              <ConditionList conditions={audience.conditions} />
            </>
          ) : null}
        </div>
      ) : null}
      {rule.conditions.length > 0 ? (
        <div className="flex flex-wrap items-center gap-1.5">
          {rule.audience ? <span className="text-sm text-muted-foreground">and</span> : null}
          <ConditionList conditions={rule.conditions} />
        </div>
      ) : null}
    </div>
  );
}

export function RuleCard({ rule, body, priority, afterRules = true, audience, projectName, colors }: RuleCardProps) {
  const isDefault = rule === null;
  const name = rule?.name ?? "default";
  return (
    <Card data-testid={`rule-card-${name}`} className="gap-4">
      <CardHeader className="flex flex-wrap items-center gap-2">
        {priority !== undefined ? (
          <span className="flex size-6 items-center justify-center rounded-full bg-muted text-xs font-semibold tabular-nums">
            <span className="sr-only">Priority </span>
            {priority}
          </span>
        ) : null}
        {isDefault ? (
          <>
            <CardTitle asHeading="h2" className="text-base">
              Default rule
            </CardTitle>
            <Badge variant="secondary">Default</Badge>
          </>
        ) : (
          <CardTitle asHeading="h2" className="font-mono text-base">
            {name}
          </CardTitle>
        )}
        <StrategyBadge strategy={body.strategy} />
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <Section label="Matches">
          {rule ? (
            <Matching rule={rule} audience={audience} projectName={projectName} />
          ) : (
            <p className="text-sm text-muted-foreground">
              {afterRules ? "Every request that no rule above matched" : "Every request (there are no rules before it)"}
            </p>
          )}
        </Section>
        <Section label="Sends to">
          <div className="flex flex-col gap-1.5">
            <SplitBar split={body.split} shadows={body.shadows} colors={colors} />
            <p className="text-xs text-muted-foreground">
              {body.strategy === "sticky" ? "Sticky" : "Random"}: {strategyDescription(body.strategy)}.
            </p>
          </div>
        </Section>
      </CardContent>
    </Card>
  );
}

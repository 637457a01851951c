import Link from "next/link";
import { UsersIcon } from "lucide-react";
import type { Audience, DefaultRule, Rule } from "@/lib/router/document";
import { ConditionList } from "@/components/conditions/condition-chip";
import type { RouteColors } from "@/components/routers/route-colors";
import { SplitBar } from "@/components/routers/split-bar";
import { strategyDescription } from "@/components/routers/strategy-label";

function Section({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1.5 sm:grid-cols-[6rem_1fr] sm:gap-3">
      <p className="pt-0.5 text-xs font-medium tracking-wide text-muted-foreground uppercase">{label}</p>
      <div className="min-w-0">{children}</div>
    </div>
  );
}

/** What a rule matches and where it sends traffic, as the cards show it. */
export function RuleSummary({ rule, body, audience, project, colors, afterRules }: { rule: Rule | null; body: DefaultRule; audience?: Audience; project: string; colors: RouteColors; afterRules?: boolean }) {
  return (
    <div className="flex flex-col gap-3">
      <Section label="Matches">
        {rule === null ? (
          <p className="text-sm text-muted-foreground">{afterRules ? "Every request that no rule above matched" : "Every request"}</p>
        ) : !rule.audience && rule.conditions.length === 0 ? (
          <p className="text-sm text-muted-foreground">Every request (no conditions)</p>
        ) : (
          <div className="flex flex-col gap-2">
            {rule.audience ? (
              <div className="flex flex-wrap items-center gap-1.5 text-sm">
                <span className="text-muted-foreground">Audience</span>
                <Link
                  href={`/projects/${encodeURIComponent(project)}/audiences`}
                  className="inline-flex items-center gap-1 rounded-sm font-mono font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  <UsersIcon aria-hidden="true" className="size-3.5" />
                  {rule.audience}
                </Link>
                {audience ? <ConditionList conditions={audience.conditions} /> : <span className="text-destructive">(not defined)</span>}
              </div>
            ) : null}
            {rule.conditions.length > 0 ? (
              <div className="flex flex-wrap items-center gap-1.5">
                {rule.audience ? <span className="text-sm text-muted-foreground">and</span> : null}
                <ConditionList conditions={rule.conditions} />
              </div>
            ) : null}
          </div>
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
    </div>
  );
}

"use client";

import { AlertTriangleIcon, CircleXIcon, EyeOffIcon, GitMergeIcon } from "lucide-react";
import type { Finding } from "@/lib/router/document";
import { badgeVariants } from "@/components/ui/badge";
import { cn } from "@/lib/utils/cn";
import type { RuleBadges } from "./findings-index";

const MAX_OVERLAPS = 3;

type RuleBadgeListProps = {
  name: string;
  badges: RuleBadges | undefined;
  strict: boolean;
  onShowFinding: (f: Finding) => void;
};

function BadgeButton({ className, ...props }: React.ComponentProps<"button"> & { variant: "warning" | "destructive" | "outline" }) {
  const { variant, ...rest } = props;
  return (
    <button
      type="button"
      className={cn(
        badgeVariants({ variant }),
        "cursor-pointer outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50",
        className,
      )}
      {...rest}
    />
  );
}

/**
 * A rule's findings as badges on its card: "unreachable" / "hidden by x" (errors),
 * "overlaps x" on both rules of an overlapping pair (warnings; errors on a strict router),
 * and counts of the other problems. Each opens the finding with its example request.
 */
export function RuleBadgeList({ name, badges, strict, onShowFinding }: RuleBadgeListProps) {
  if (!badges) return null;
  const { unreachable, overlaps, more, errors, warnings } = badges;
  if (!unreachable && overlaps.length === 0 && more.length === 0 && errors.length === 0 && warnings.length === 0) return null;
  const shown = overlaps.slice(0, MAX_OVERLAPS);
  const hidden = overlaps.length - shown.length;
  const hiders = unreachable?.rules?.slice(1) ?? [];
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label={`Findings about ${name}`}>
      {unreachable ? (
        <li>
          <BadgeButton variant="destructive" data-testid={`unreachable-badge-${name}`} onClick={() => onShowFinding(unreachable)} title={unreachable.message}>
            <EyeOffIcon aria-hidden="true" />
            {hiders.length > 0 ? `unreachable: hidden by ${hiders.join(", ")}` : "unreachable"}
          </BadgeButton>
        </li>
      ) : null}
      {shown.map(({ other, finding, uncertain }) => (
        <li key={other}>
          <BadgeButton
            variant={strict && !uncertain ? "destructive" : "warning"}
            data-testid={`overlap-badge-${name}-${other}`}
            className={cn(uncertain && "border-dashed")}
            onClick={() => onShowFinding(finding)}
            title={finding.message}
            aria-label={`${uncertain ? "may overlap" : "overlaps"} ${other}: show an example request`}
          >
            <GitMergeIcon aria-hidden="true" />
            {uncertain ? "may overlap" : "overlaps"} <span className="font-mono">{other}</span>
          </BadgeButton>
        </li>
      ))}
      {hidden > 0 || more.length > 0 ? (
        <li>
          <BadgeButton variant="warning" onClick={() => onShowFinding(more[0] ?? overlaps[MAX_OVERLAPS]!.finding)} data-testid={`more-overlaps-${name}`}>
            +{hidden + more.reduce((n, f) => n + (Number(/(\d+) more/.exec(f.message)?.[1]) || 0), 0)} more overlaps
          </BadgeButton>
        </li>
      ) : null}
      {errors.map((f, i) => (
        <li key={`e${i}`}>
          <BadgeButton variant="destructive" onClick={() => onShowFinding(f)} title={f.message} data-testid={`finding-badge-${name}`} data-code={f.code}>
            <CircleXIcon aria-hidden="true" />
            {f.code.replaceAll("_", " ")}
          </BadgeButton>
        </li>
      ))}
      {warnings.map((f, i) => (
        <li key={`w${i}`}>
          <BadgeButton variant="warning" onClick={() => onShowFinding(f)} title={f.message} data-testid={`finding-badge-${name}`} data-code={f.code}>
            <AlertTriangleIcon aria-hidden="true" />
            {f.code.replaceAll("_", " ")}
          </BadgeButton>
        </li>
      ))}
    </ul>
  );
}

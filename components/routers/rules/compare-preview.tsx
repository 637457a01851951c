"use client";

import * as React from "react";
import { compareResponses, compileComparison, type ComparisonResult } from "@/lib/shadows/compare";
import type { CompareSpec } from "@/lib/shadows/spec";
import { Textarea } from "@/components/ui/textarea";

const OUTCOME_TEXT: Record<ComparisonResult["outcome"], string> = {
  agree: "Agree",
  disagree: "Disagree",
  not_comparable: "Not comparable",
  primary_failed: "The primary failed",
  shadow_failed: "The shadow failed",
};

function describe(result: ComparisonResult): string {
  if (result.outcome === "disagree") {
    return `${OUTCOME_TEXT.disagree}: ${result.differences.map((d) => `${d.field} (${d.reason})`).join("; ")}`;
  }
  if (result.outcome === "not_comparable") return `${OUTCOME_TEXT.not_comparable}: ${result.reason}`;
  return OUTCOME_TEXT[result.outcome];
}

/** Paste two answers and see what the gateway would record: the same comparison code, run in the browser. */
export function ComparePreview({ spec, valid }: { spec: CompareSpec | undefined; valid: boolean }) {
  const [primary, setPrimary] = React.useState("");
  const [shadow, setShadow] = React.useState("");
  const id = React.useId();
  let verdict: string | null = null;
  if (primary !== "" || shadow !== "") {
    verdict = valid ? describe(compareResponses(compileComparison(spec), { status: 200, body: primary }, { status: 200, body: shadow })) : "Fix the comparison above first.";
  }
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-muted-foreground select-none">Try it on two answers</summary>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <label className="flex flex-col gap-1">
          <span className="text-muted-foreground">Primary&apos;s answer</span>
          <Textarea value={primary} onChange={(e) => setPrimary(e.target.value)} className="min-h-16 font-mono text-xs" spellCheck={false} aria-describedby={`${id}-verdict`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-muted-foreground">Shadow&apos;s answer</span>
          <Textarea value={shadow} onChange={(e) => setShadow(e.target.value)} className="min-h-16 font-mono text-xs" spellCheck={false} aria-describedby={`${id}-verdict`} />
        </label>
      </div>
      <p id={`${id}-verdict`} role="status" className="mt-1 font-medium" data-testid="compare-preview-verdict">
        {verdict}
      </p>
    </details>
  );
}

"use client";

import * as React from "react";
import type { RouterDocument } from "@/lib/router/document";
import { countFindings } from "@/lib/analysis/count";
import { FindingsCount } from "@/components/routers/findings-list";
import { useLiveAnalysis, type LiveAnalysisSnapshot, type LiveAnalysisStore } from "./live-analysis";

type DraftAnalysis = { store: LiveAnalysisStore; snapshot: LiveAnalysisSnapshot };

const Context = React.createContext<DraftAnalysis | null>(null);

/**
 * The live analysis of the router page's draft, for the whole page: the rule editor's
 * badges and findings and the header's counts read the same store, so a draft write needs
 * no server analysis to update them, and switching tabs does not start the analysis over.
 */
export function DraftAnalysisProvider({ doc, children }: { doc: RouterDocument | undefined; children: React.ReactNode }) {
  const { store, snapshot } = useLiveAnalysis(doc);
  const value = React.useMemo(() => ({ store, snapshot }), [store, snapshot]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useDraftAnalysis(): DraftAnalysis {
  const value = React.useContext(Context);
  if (value === null) throw new Error("useDraftAnalysis needs a DraftAnalysisProvider above it");
  return value;
}

/**
 * The draft's error and warning counts: the live analysis' once it has answered (while it
 * re-checks an edit, those of the draft before it), else `initial` — the server's, from the
 * summary the page was rendered with.
 */
export function DraftFindingsCount({ initial }: { initial: { errors: number; warnings: number } }) {
  const { snapshot } = useDraftAnalysis();
  const findings = snapshot.base?.findings;
  const counts = React.useMemo(() => (findings ? countFindings(findings) : null), [findings]);
  const shown = counts ?? initial;
  return <FindingsCount errors={shown.errors} warnings={shown.warnings} />;
}

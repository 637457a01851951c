/** The replay the API runs: the two documents, the newest samples of the window, then the pure replay. */
import type { Db } from "@/lib/db/client";
import { replay } from "./replay";
import { loadSamples, replayDocuments } from "./repo";
import type { ReplayBody, ReplayResponse } from "./schema";

/** Server time a replay may take deciding; past it the report covers what was decided (`complete: false`). */
export const REPLAY_BUDGET_MS = 20_000;

export async function runReplay(db: Db, projectId: string, router: string, body: ReplayBody): Promise<ReplayResponse> {
  const documents = await replayDocuments(db, projectId, router, body);
  const loading = performance.now();
  const samples = await loadSamples(db, documents.routerId, body);
  const deciding = performance.now();
  const report = replay(documents.from.document, documents.to.document, samples, { budgetMs: REPLAY_BUDGET_MS });
  const done = performance.now();
  const { document: _to, ...to } = documents.to;
  return {
    ...report,
    from: { version: documents.from.version },
    to,
    timing: { loadMs: Math.round(deciding - loading), decideMs: Math.round(done - deciding) },
  };
}

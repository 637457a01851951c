import type { RouterDocument } from "@/lib/router/document";
import { diffDocuments } from "@/lib/versions/diff";

/**
 * The router summary's facts that follow from the draft alone: the API computes them for
 * `GET …/routers/{router}` and the console after each of its own draft writes, from the
 * write's answer, instead of asking for the summary again. `active` is the document of the
 * active version, null when nothing is deployed.
 */
export function draftStatus(draft: RouterDocument, active: RouterDocument | null) {
  return {
    description: draft.description ?? "",
    undeployedChanges: active === null || !diffDocuments(active, draft).identical,
    routes: draft.routes.length,
    rules: draft.rules.length,
    settings: draft.settings,
  };
}

import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routerDocumentSchema, type RouterDocument } from "@/lib/router/document";
import { rulesInOrder } from "@/lib/routers/edits";
import { acceptRevision, settleDraft, type Draft } from "./draft-cache";
import type { RouterSummary } from "./types";

const P = "p";
const R = "r";

const doc: RouterDocument = routerDocumentSchema.parse({
  name: R,
  routes: [{ name: "a", url: "http://127.0.0.1:9000/a" }],
  rules: ["one", "two"].map((name) => ({
    name,
    conditions: [{ source: "header", key: "x", operator: "in", values: [name] }],
    strategy: "random",
    split: [{ route: "a", weight: 100 }],
    shadows: [],
  })),
  defaultRule: { strategy: "random", split: [{ route: "a", weight: 100 }], shadows: [] },
});

const summary = (over: Partial<RouterSummary> = {}): RouterSummary => ({
  name: R,
  description: "",
  revision: 3,
  activeVersion: 1,
  versions: 1,
  undeployedChanges: false,
  findings: { errors: 0, warnings: 2 },
  routes: 1,
  rules: 2,
  settings: doc.settings,
  updatedAt: new Date(0).toISOString(),
  ...over,
});

/** A client holding the page's draft, summary and active version, as the router page does. */
function client(activeDocument: RouterDocument | null = doc) {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  qc.setQueryData<Draft>(keys.config(P, R), { data: doc, revision: 3 });
  qc.setQueryData<RouterSummary>(keys.router(P, R), summary({ activeVersion: activeDocument ? 1 : null, undeployedChanges: activeDocument === null }));
  if (activeDocument) qc.setQueryData(keys.version(P, R, 1), { number: 1, document: activeDocument });
  return qc;
}

const invalidated = (qc: QueryClient, key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated ?? false;

describe("a draft write's answer goes into the cache", () => {
  it("updates the draft, its revision and the summary's facts from the answer, asking nothing again", () => {
    const qc = client();
    acceptRevision(qc, P, R, 4, (d) => rulesInOrder(d, ["two", "one"]));
    settleDraft(qc, P, R, null);
    expect(qc.getQueryData<Draft>(keys.config(P, R))).toMatchObject({ revision: 4, data: { rules: [{ name: "two" }, { name: "one" }] } });
    const after = qc.getQueryData<RouterSummary>(keys.router(P, R))!;
    expect(after).toMatchObject({ revision: 4, undeployedChanges: true, rules: 2, findings: { errors: 0, warnings: 2 } });
    expect(invalidated(qc, keys.config(P, R))).toBe(false);
    expect(invalidated(qc, keys.router(P, R))).toBe(false);

    // Moving it back makes the draft the deployed version again.
    acceptRevision(qc, P, R, 5, (d) => rulesInOrder(d, ["one", "two"]));
    settleDraft(qc, P, R, null);
    expect(qc.getQueryData<RouterSummary>(keys.router(P, R))).toMatchObject({ revision: 5, undeployedChanges: false });
  });

  it("keeps 'undeployed changes' for a router that was never deployed", () => {
    const qc = client(null);
    acceptRevision(qc, P, R, 4, (d) => rulesInOrder(d, ["two", "one"]));
    settleDraft(qc, P, R);
    expect(qc.getQueryData<RouterSummary>(keys.router(P, R))).toMatchObject({ revision: 4, undeployedChanges: true });
  });

  it("reads the draft and summary again when the answer does not apply to the cached draft", () => {
    const qc = client();
    acceptRevision(qc, P, R, 4, () => {
      throw new Error("rule 'three' does not exist");
    });
    expect(invalidated(qc, keys.config(P, R))).toBe(true);
    expect(invalidated(qc, keys.router(P, R))).toBe(true);
  });

  it("after a refused write: a 412 leaves the view as it is, another error reads the draft again", () => {
    const conflict = new ApiError(412, "stale_revision", "stale");
    const qc = client();
    settleDraft(qc, P, R, conflict);
    expect(invalidated(qc, keys.config(P, R))).toBe(false);
    settleDraft(qc, P, R, new Error("network"));
    expect(invalidated(qc, keys.config(P, R))).toBe(true);
    expect(invalidated(qc, keys.router(P, R))).toBe(true);
  });
});

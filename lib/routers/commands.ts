import type { Db } from "@/lib/db/client";
import { DomainError, NotFoundError } from "@/lib/errors";
import type { DefaultRule, Route, RouterDocument, RouterDocumentInput, Rule } from "@/lib/router/document";
import { createRouter, loadRouterDocument, mutateDraft, type LoadedRouter } from "./document-repo";
import { addRoute, addRule, removeRoute, removeRule, reorderRules, updateRoute, updateRule } from "./edits";
import type { RouterUpdate, UndeployBody } from "./schema";
import { planUndeploy, type UndeployPlan } from "./undeploy";

/**
 * Draft commands: each is one transaction through `mutateDraft` (router row locked,
 * revision checked, audit row written with it). The API handlers call exactly one of these.
 */
export type Ctx = { db: Db; projectId: string; router: string; actor: string; expectedRevision?: number };

const change = (c: Ctx, action: string, targetType: string, targetName: string) => ({
  expectedRevision: c.expectedRevision,
  actor: c.actor,
  action,
  targetType,
  targetName,
});

export async function createRouterFromDocument(db: Db, projectId: string, input: RouterDocumentInput, actor: string): Promise<LoadedRouter> {
  const doc = { ...input };
  if (!doc.defaultRule) {
    const first = doc.routes?.[0];
    if (!first) {
      throw new DomainError("a router needs at least one route to send its default traffic to", 422, "invalid", {
        issues: [{ path: "routes", message: "add at least one route (the default rule sends all traffic to the first)" }],
      });
    }
    doc.defaultRule = { strategy: "random", split: [{ route: first.name, weight: 100 }], shadows: [] };
  }
  return createRouter(db, projectId, doc, actor);
}

export const updateRouterSettings = (c: Ctx, patch: RouterUpdate) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "router.update", "router", c.router), (doc) => ({
    ...doc,
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    settings: { ...doc.settings, ...(patch.settings ?? {}) },
  }));

export const replaceConfig = (c: Ctx, input: RouterDocumentInput) => {
  if (input.name !== c.router) {
    throw new DomainError("the document's name must match the router in the path; rename routers with a new router", 422, "invalid", {
      issues: [{ path: "name", message: `must be '${c.router}'` }],
    });
  }
  return mutateDraft(c.db, c.projectId, c.router, change(c, "router.config.replace", "router", c.router), () => input);
};

const part = <T>(doc: RouterDocument, pick: (d: RouterDocument) => T, next: RouterDocument, after: (d: RouterDocument) => T) => ({
  document: next,
  before: pick(doc),
  after: after(next),
});

const findRoute = (d: RouterDocument, name: string) => d.routes.find((r) => r.name === name) ?? null;
const findRule = (d: RouterDocument, name: string) => d.rules.find((r) => r.name === name) ?? null;

export const createRoute = (c: Ctx, route: Route) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "route.create", "route", route.name), (doc) =>
    part(doc, () => null, addRoute(doc, route), (d) => findRoute(d, route.name)),
  );

export const patchRoute = (c: Ctx, name: string, patch: Partial<Omit<Route, "name">>) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "route.update", "route", name), (doc) =>
    part(doc, (d) => findRoute(d, name), updateRoute(doc, name, patch), (d) => findRoute(d, name)),
  );

export const deleteRoute = (c: Ctx, name: string) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "route.delete", "route", name), (doc) =>
    part(doc, (d) => findRoute(d, name), removeRoute(doc, name), () => null),
  );

export const createRule = (c: Ctx, rule: Rule, position?: number) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "rule.create", "rule", rule.name), (doc) =>
    part(doc, () => null, addRule(doc, rule, position), (d) => findRule(d, rule.name)),
  );

export const replaceRule = (c: Ctx, name: string, rule: Rule) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "rule.update", "rule", name), (doc) =>
    part(doc, (d) => findRule(d, name), updateRule(doc, name, rule), (d) => findRule(d, rule.name)),
  );

export const replaceDefaultRule = (c: Ctx, body: DefaultRule) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "rule.update", "rule", "default"), (doc) =>
    part(doc, (d) => d.defaultRule ?? null, { ...doc, defaultRule: body }, (d) => d.defaultRule ?? null),
  );

export const deleteRule = (c: Ctx, name: string) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "rule.delete", "rule", name), (doc) =>
    part(doc, (d) => findRule(d, name), removeRule(doc, name), () => null),
  );

export const setRuleOrder = (c: Ctx, order: string[]) =>
  mutateDraft(c.db, c.projectId, c.router, change(c, "rules.reorder", "router", c.router), (doc) =>
    part(doc, (d) => d.rules.map((r) => r.name), reorderRules(doc, order), (d) => d.rules.map((r) => r.name)),
  );

/** Plans an undeploy against the current draft; applies it (one transaction) unless `dryRun`. */
export async function undeployRoute(c: Ctx, route: string, body: UndeployBody): Promise<{ plan: Omit<UndeployPlan, "document">; router: LoadedRouter | null }> {
  const request = { mode: body.mode, replacement: body.replacement, weights: body.weights };
  if (body.dryRun) {
    const current = await loadRouterDocument(c.db, c.projectId, c.router);
    const { document: _doc, ...plan } = planUndeploy(current.document, route, request);
    return { plan, router: null };
  }
  let plan: UndeployPlan | undefined;
  const router = await mutateDraft(c.db, c.projectId, c.router, change(c, "route.undeploy", "route", route), (doc) => {
    plan = planUndeploy(doc, route, request);
    return { document: plan.document, before: findRoute(doc, route), after: { mode: body.mode, rules: plan.rules.map((r) => ({ rule: r.rule, before: r.before, after: r.after })) } };
  });
  if (!plan) throw new NotFoundError("route", route);
  const { document: _d, ...summary } = plan;
  return { plan: summary, router };
}

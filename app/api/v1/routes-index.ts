/**
 * Every API route module, imported statically: the Next.js production server cannot list
 * app/ at run time, and the OpenAPI document (`openapi.json/route.ts`) is built from this
 * index. A test checks it against the route files on disk, so a new route must be added here.
 */
import { auditEventPageSchema, globalAuditEventPageSchema, memberListSchema, memberSchema, principalSchema, signInResponseSchema, tokenCreatedSchema, tokenListSchema, tokenSchema, userListSchema, userSchema } from "@/lib/auth/schema";
import { fleetResponseSchema, routerFleetResponseSchema } from "@/lib/fleet/schema";
import { openApiDocumentSchema, type IndexedRoute, type OperationDoc } from "@/lib/http/openapi";
import { projectListSchema, projectResponseSchema } from "@/lib/projects/schema";
import { replayResponseSchema, sampleLineSchema, sampleSummarySchema } from "@/lib/replay/schema";
import { rolloutDetailSchema, rolloutPageSchema } from "@/lib/rollouts/schema";
import { defaultRuleSchema, routeSchema, routerDocumentSchema, ruleSchema } from "@/lib/router/document";
import {
  analysisResponseSchema,
  audiencePageSchema,
  audienceResponseSchema,
  deploymentResponseSchema,
  draftResetResponseSchema,
  rollbackResponseSchema,
  routeDetailSchema,
  routeListSchema,
  routerPageSchema,
  routerSummarySchema,
  ruleDetailSchema,
  ruleListSchema,
  ruleOrderSchema,
  simulateResponseSchema,
  trafficResponseSchema,
  undeployResponseSchema,
  versionDiffSchema,
  versionPageSchema,
  versionResponseSchema,
} from "@/lib/routers/schema";
import { disagreementPageSchema } from "@/lib/shadows/schema";
import * as events from "./events/route";
import * as gateways from "./gateways/route";
import * as projects from "./projects/route";
import * as projectsItem from "./projects/[project]/route";
import * as projectsAudiences from "./projects/[project]/audiences/route";
import * as projectsAudiencesItem from "./projects/[project]/audiences/[audience]/route";
import * as projectsEvents from "./projects/[project]/events/route";
import * as projectsMembers from "./projects/[project]/members/route";
import * as projectsMembersItem from "./projects/[project]/members/[user]/route";
import * as projectsRollouts from "./projects/[project]/rollouts/route";
import * as projectsRouters from "./projects/[project]/routers/route";
import * as projectsRoutersItem from "./projects/[project]/routers/[router]/route";
import * as projectsRoutersAnalysis from "./projects/[project]/routers/[router]/analysis/route";
import * as projectsRoutersConfig from "./projects/[project]/routers/[router]/config/route";
import * as projectsRoutersDefaultRule from "./projects/[project]/routers/[router]/default-rule/route";
import * as projectsRoutersDraftReset from "./projects/[project]/routers/[router]/draft/reset/route";
import * as projectsRoutersDeployments from "./projects/[project]/routers/[router]/deployments/route";
import * as projectsRoutersGateways from "./projects/[project]/routers/[router]/gateways/route";
import * as projectsRoutersRollouts from "./projects/[project]/routers/[router]/rollouts/route";
import * as projectsRoutersRolloutsItem from "./projects/[project]/routers/[router]/rollouts/[rollout]/route";
import * as projectsRoutersRolloutsPause from "./projects/[project]/routers/[router]/rollouts/[rollout]/pause/route";
import * as projectsRoutersRolloutsResume from "./projects/[project]/routers/[router]/rollouts/[rollout]/resume/route";
import * as projectsRoutersRolloutsPromote from "./projects/[project]/routers/[router]/rollouts/[rollout]/promote/route";
import * as projectsRoutersRolloutsAbort from "./projects/[project]/routers/[router]/rollouts/[rollout]/abort/route";
import * as projectsRoutersRoutes from "./projects/[project]/routers/[router]/routes/route";
import * as projectsRoutersRoutesItem from "./projects/[project]/routers/[router]/routes/[route]/route";
import * as projectsRoutersRoutesUndeploy from "./projects/[project]/routers/[router]/routes/[route]/undeploy/route";
import * as projectsRoutersRules from "./projects/[project]/routers/[router]/rules/route";
import * as projectsRoutersRulesOrder from "./projects/[project]/routers/[router]/rules/order/route";
import * as projectsRoutersRulesItem from "./projects/[project]/routers/[router]/rules/[rule]/route";
import * as projectsRoutersReplay from "./projects/[project]/routers/[router]/replay/route";
import * as projectsRoutersSamples from "./projects/[project]/routers/[router]/samples/route";
import * as projectsRoutersSamplesSummary from "./projects/[project]/routers/[router]/samples/summary/route";
import * as projectsRoutersShadowDisagreements from "./projects/[project]/routers/[router]/shadow-disagreements/route";
import * as projectsRoutersShadowDisagreementsItem from "./projects/[project]/routers/[router]/shadow-disagreements/[id]/route";
import * as projectsRoutersSimulate from "./projects/[project]/routers/[router]/simulate/route";
import * as projectsRoutersTraffic from "./projects/[project]/routers/[router]/traffic/route";
import * as projectsRoutersVersions from "./projects/[project]/routers/[router]/versions/route";
import * as projectsRoutersVersionsItem from "./projects/[project]/routers/[router]/versions/[n]/route";
import * as projectsRoutersVersionsDiff from "./projects/[project]/routers/[router]/versions/[n]/diff/route";
import * as projectsRoutersVersionsRollback from "./projects/[project]/routers/[router]/versions/[n]/rollback/route";
import * as projectsTokens from "./projects/[project]/tokens/route";
import * as projectsTokensItem from "./projects/[project]/tokens/[token]/route";
import * as session from "./session/route";
import * as users from "./users/route";
import * as usersItem from "./users/[user]/route";

/** Every route module except `openapi.json`, which adds itself (it imports this file). */
export const API_ROUTES: IndexedRoute[] = [
  { pattern: "/api/v1/events", module: events },
  { pattern: "/api/v1/gateways", module: gateways },
  { pattern: "/api/v1/projects", module: projects },
  { pattern: "/api/v1/projects/{project}", module: projectsItem },
  { pattern: "/api/v1/projects/{project}/audiences", module: projectsAudiences },
  { pattern: "/api/v1/projects/{project}/audiences/{audience}", module: projectsAudiencesItem },
  { pattern: "/api/v1/projects/{project}/events", module: projectsEvents },
  { pattern: "/api/v1/projects/{project}/members", module: projectsMembers },
  { pattern: "/api/v1/projects/{project}/members/{user}", module: projectsMembersItem },
  { pattern: "/api/v1/projects/{project}/rollouts", module: projectsRollouts },
  { pattern: "/api/v1/projects/{project}/routers", module: projectsRouters },
  { pattern: "/api/v1/projects/{project}/routers/{router}", module: projectsRoutersItem },
  { pattern: "/api/v1/projects/{project}/routers/{router}/analysis", module: projectsRoutersAnalysis },
  { pattern: "/api/v1/projects/{project}/routers/{router}/config", module: projectsRoutersConfig },
  { pattern: "/api/v1/projects/{project}/routers/{router}/default-rule", module: projectsRoutersDefaultRule },
  { pattern: "/api/v1/projects/{project}/routers/{router}/deployments", module: projectsRoutersDeployments },
  { pattern: "/api/v1/projects/{project}/routers/{router}/draft/reset", module: projectsRoutersDraftReset },
  { pattern: "/api/v1/projects/{project}/routers/{router}/gateways", module: projectsRoutersGateways },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rollouts", module: projectsRoutersRollouts },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rollouts/{rollout}", module: projectsRoutersRolloutsItem },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/pause", module: projectsRoutersRolloutsPause },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/resume", module: projectsRoutersRolloutsResume },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/promote", module: projectsRoutersRolloutsPromote },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/abort", module: projectsRoutersRolloutsAbort },
  { pattern: "/api/v1/projects/{project}/routers/{router}/routes", module: projectsRoutersRoutes },
  { pattern: "/api/v1/projects/{project}/routers/{router}/routes/{route}", module: projectsRoutersRoutesItem },
  { pattern: "/api/v1/projects/{project}/routers/{router}/routes/{route}/undeploy", module: projectsRoutersRoutesUndeploy },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rules", module: projectsRoutersRules },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rules/order", module: projectsRoutersRulesOrder },
  { pattern: "/api/v1/projects/{project}/routers/{router}/rules/{rule}", module: projectsRoutersRulesItem },
  { pattern: "/api/v1/projects/{project}/routers/{router}/replay", module: projectsRoutersReplay },
  { pattern: "/api/v1/projects/{project}/routers/{router}/samples", module: projectsRoutersSamples },
  { pattern: "/api/v1/projects/{project}/routers/{router}/samples/summary", module: projectsRoutersSamplesSummary },
  { pattern: "/api/v1/projects/{project}/routers/{router}/shadow-disagreements", module: projectsRoutersShadowDisagreements },
  { pattern: "/api/v1/projects/{project}/routers/{router}/shadow-disagreements/{id}", module: projectsRoutersShadowDisagreementsItem },
  { pattern: "/api/v1/projects/{project}/routers/{router}/simulate", module: projectsRoutersSimulate },
  { pattern: "/api/v1/projects/{project}/routers/{router}/traffic", module: projectsRoutersTraffic },
  { pattern: "/api/v1/projects/{project}/routers/{router}/versions", module: projectsRoutersVersions },
  { pattern: "/api/v1/projects/{project}/routers/{router}/versions/{n}", module: projectsRoutersVersionsItem },
  { pattern: "/api/v1/projects/{project}/routers/{router}/versions/{n}/diff", module: projectsRoutersVersionsDiff },
  { pattern: "/api/v1/projects/{project}/routers/{router}/versions/{n}/rollback", module: projectsRoutersVersionsRollback },
  { pattern: "/api/v1/projects/{project}/tokens", module: projectsTokens },
  { pattern: "/api/v1/projects/{project}/tokens/{token}", module: projectsTokensItem },
  { pattern: "/api/v1/session", module: session },
  { pattern: "/api/v1/users", module: users },
  { pattern: "/api/v1/users/{user}", module: usersItem },
];

/**
 * What the handlers cannot say about themselves: a short summary, the success status,
 * whether If-Match is honoured (or required), whether the response carries an ETag, and
 * the zod schema of the success response's body (the API tests check every answer against it).
 * `description` is the handler's doc comment, word for word (a test keeps them equal).
 */
export const OPERATION_DOCS: Record<string, OperationDoc> = {
  "GET /api/v1/openapi.json": { summary: "This OpenAPI document", description: "This API's OpenAPI 3.1 description, generated from the zod schemas the handlers validate with.", status: 200, response: openApiDocumentSchema },
  "GET /api/v1/events": { summary: "List every audit event", description: "Every audit event (administrators): all projects, deleted ones included, and user changes; the project log's filters plus `project`.", status: 200, response: globalAuditEventPageSchema },
  "GET /api/v1/gateways": { summary: "List gateways", description: "Every registered gateway: its heartbeat, state (live, stale, stopped) and whether it serves each router's active version.", status: 200, response: fleetResponseSchema },
  "GET /api/v1/projects": { summary: "List projects", description: "Projects the caller can see.", status: 200, response: projectListSchema },
  "POST /api/v1/projects": { summary: "Create a project", description: "Create a project (administrators); the creator becomes its owner.", status: 201, etag: true, response: projectResponseSchema },
  "GET /api/v1/projects/{project}": { summary: "Get a project", status: 200, etag: true, response: projectResponseSchema },
  "PATCH /api/v1/projects/{project}": { summary: "Update a project", status: 200, ifMatch: "optional", etag: true, response: projectResponseSchema },
  "DELETE /api/v1/projects/{project}": { summary: "Delete a project", description: "Deleting a project removes its routers, versions, audiences and tokens (its audit log stays); owners and admins may.", status: 204, ifMatch: "optional" },
  "GET /api/v1/projects/{project}/audiences": { summary: "List audiences", status: 200, response: audiencePageSchema },
  "POST /api/v1/projects/{project}/audiences": { summary: "Create an audience", status: 201, etag: true, response: audienceResponseSchema },
  "GET /api/v1/projects/{project}/audiences/{audience}": { summary: "Get an audience", status: 200, etag: true, response: audienceResponseSchema },
  "PATCH /api/v1/projects/{project}/audiences/{audience}": { summary: "Update an audience", description: "Changes every rule that uses the audience, in every router of the project; each of those routers gets a new revision.", status: 200, ifMatch: "optional", etag: true, response: audienceResponseSchema },
  "DELETE /api/v1/projects/{project}/audiences/{audience}": { summary: "Delete an audience", description: "Refused (409) while a rule uses the audience.", status: 204, ifMatch: "optional" },
  "GET /api/v1/projects/{project}/events": { summary: "List audit events", description: "The project's audit log, newest first; filter by actor, target, action and time; paginate with `cursor`.", status: 200, response: auditEventPageSchema },
  "GET /api/v1/projects/{project}/members": { summary: "List members", status: 200, response: memberListSchema },
  "POST /api/v1/projects/{project}/members": { summary: "Add a member", status: 201, response: memberSchema },
  "PATCH /api/v1/projects/{project}/members/{user}": { summary: "Change a member's role", status: 200, response: memberSchema },
  "DELETE /api/v1/projects/{project}/members/{user}": { summary: "Remove a member", status: 204 },
  "GET /api/v1/projects/{project}/rollouts": { summary: "List the project's rollouts", description: "Every rollout of the project's routers, newest first; `status=active` for those in progress.", status: 200, response: rolloutPageSchema },
  "GET /api/v1/projects/{project}/routers/{router}/rollouts": { summary: "List a router's rollouts", description: "The router's rollouts, newest first; `status=active` for the one in progress.", status: 200, response: rolloutPageSchema },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts": { summary: "Start a rollout", description: "Start a rollout of a canary route in one rule of the active version: its first stage is deployed at once; 409 while another rollout of the router is in progress.", status: 201, response: rolloutDetailSchema },
  "GET /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}": { summary: "Get a rollout", description: "A rollout with its stage timeline, events and the newest evaluations of its gates.", status: 200, response: rolloutDetailSchema },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/pause": { summary: "Pause a rollout", description: "Pause a running rollout: it stops advancing, but its gates are still evaluated and a failing canary is still aborted.", status: 200, response: rolloutDetailSchema },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/resume": { summary: "Resume a rollout", description: "Resume a paused rollout; a step that waited for approval is approved and advances once its gates pass.", status: 200, response: rolloutDetailSchema },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/promote": { summary: "Promote a rollout", description: "Skip to the end: the last step's weights are deployed at once and the rollout completes.", status: 200, response: rolloutDetailSchema },
  "POST /api/v1/projects/{project}/routers/{router}/rollouts/{rollout}/abort": { summary: "Abort a rollout", description: "Abort the rollout: the version active before it started is deployed again, slot tables included, so every sticky key is back on its original route.", status: 200, response: rolloutDetailSchema },
  "GET /api/v1/projects/{project}/routers": { summary: "List routers", status: 200, response: routerPageSchema },
  "POST /api/v1/projects/{project}/routers": { summary: "Create a router", description: "Create a router from a router document (without a default rule, all traffic goes to the first route).", status: 201, etag: true, response: routerSummarySchema },
  "GET /api/v1/projects/{project}/routers/{router}": { summary: "Get a router", status: 200, etag: true, response: routerSummarySchema },
  "PATCH /api/v1/projects/{project}/routers/{router}": { summary: "Update a router's description or settings", description: "Change the description or settings of the draft.", status: 200, ifMatch: "optional", etag: true, response: routerSummarySchema },
  "DELETE /api/v1/projects/{project}/routers/{router}": { summary: "Delete a router", description: "Delete the router and its versions; the gateway stops serving it.", status: 204, ifMatch: "optional" },
  "GET /api/v1/projects/{project}/routers/{router}/analysis": { summary: "Analyse the draft", description: "The analysis of the draft: errors block a deploy, warnings do not. It runs in a worker; one stopped at its time limit lists the structural findings and `analysis_incomplete`; 503 when every worker stays busy.", status: 200, etag: true, errors: [503], response: analysisResponseSchema },
  "GET /api/v1/projects/{project}/routers/{router}/config": { summary: "Get the router document", description: "The router's draft as one router document; the ETag is its revision.", status: 200, etag: true, response: routerDocumentSchema },
  "PUT /api/v1/projects/{project}/routers/{router}/config": { summary: "Replace the router document", description: "Replace the whole draft. If-Match is required: a stale revision gets 412 and changes nothing.", status: 200, ifMatch: "required", etag: true, response: routerDocumentSchema },
  "GET /api/v1/projects/{project}/routers/{router}/default-rule": { summary: "Get the default rule", status: 200, etag: true, response: defaultRuleSchema.nullable().describe("The default rule; null when the router has none.") },
  "PUT /api/v1/projects/{project}/routers/{router}/default-rule": { summary: "Replace the default rule", description: "Replace the default rule's strategy, split and shadows (it has no conditions).", status: 200, ifMatch: "optional", etag: true, response: defaultRuleSchema },
  "POST /api/v1/projects/{project}/routers/{router}/deployments": { summary: "Deploy the draft", description: "Deploy the draft: analysis errors block it (422 with the findings); If-Match names the draft revision reviewed (412 when it moved on); a draft identical to the active version is not deployed (409 nothing_to_deploy); one deploy at a time per router (409). With `?wait=true`, answers once every live gateway serves the new version, or at `timeoutMs`, naming the gateways that lag.", status: 201, ifMatch: "optional", response: deploymentResponseSchema },
  "POST /api/v1/projects/{project}/routers/{router}/draft/reset": { summary: "Discard the draft's changes", description: "Reset the draft to a version (the active one by default) in one audited draft write; the project's audiences keep their current definitions. With `dryRun`, or when the draft already equals the version, nothing is written (`applied: false`). 409 `not_deployed` without a version to reset to.", status: 200, ifMatch: "optional", etag: true, errors: [409], response: draftResetResponseSchema },
  "GET /api/v1/projects/{project}/routers/{router}/gateways": { summary: "The router's gateways", description: "The gateways serving this router: the version each serves against the active one, and how many live gateways serve it.", status: 200, response: routerFleetResponseSchema },
  "GET /api/v1/projects/{project}/routers/{router}/routes": { summary: "List routes", status: 200, etag: true, response: routeListSchema },
  "POST /api/v1/projects/{project}/routers/{router}/routes": { summary: "Add a route", status: 201, ifMatch: "optional", etag: true, response: routeSchema },
  "GET /api/v1/projects/{project}/routers/{router}/routes/{route}": { summary: "Get a route", status: 200, etag: true, response: routeDetailSchema },
  "PATCH /api/v1/projects/{project}/routers/{router}/routes/{route}": { summary: "Update a route", status: 200, ifMatch: "optional", etag: true, response: routeSchema },
  "DELETE /api/v1/projects/{project}/routers/{router}/routes/{route}": { summary: "Delete a route", description: "Refused (409) while a rule still uses the route: undeploy it first.", status: 204, ifMatch: "optional", etag: true },
  "POST /api/v1/projects/{project}/routers/{router}/routes/{route}/undeploy": { summary: "Undeploy a route", description: "Remove the route from every split and shadow, redistributing its weight per rule. With `dryRun`, returns the before/after weights and sticky keys moved, changing nothing.", status: 200, ifMatch: "optional", etag: true, response: undeployResponseSchema },
  "GET /api/v1/projects/{project}/routers/{router}/rules": { summary: "List rules", description: "The rules in priority order, then the default rule.", status: 200, etag: true, response: ruleListSchema },
  "POST /api/v1/projects/{project}/routers/{router}/rules": { summary: "Add a rule", description: "Add a rule, last by default or at `position` (0 = first).", status: 201, ifMatch: "optional", etag: true, response: ruleSchema },
  "PUT /api/v1/projects/{project}/routers/{router}/rules/order": { summary: "Reorder the rules", description: "Set the priority order: every rule exactly once (the default rule stays last).", status: 200, ifMatch: "optional", etag: true, response: ruleOrderSchema },
  "GET /api/v1/projects/{project}/routers/{router}/rules/{rule}": { summary: "Get a rule", status: 200, etag: true, response: ruleDetailSchema },
  "PUT /api/v1/projects/{project}/routers/{router}/rules/{rule}": { summary: "Replace a rule", description: "Replace the rule (its name may change; its position stays).", status: 200, ifMatch: "optional", etag: true, response: ruleSchema },
  "DELETE /api/v1/projects/{project}/routers/{router}/rules/{rule}": { summary: "Delete a rule", status: 204, ifMatch: "optional", etag: true },
  "GET /api/v1/projects/{project}/routers/{router}/shadow-disagreements": {
    summary: "List stored shadow disagreements",
    description: "The shadow disagreements the gateway stored for this router (settings.keepDisagreements), newest first.",
    status: 200,
    response: disagreementPageSchema,
  },
  "DELETE /api/v1/projects/{project}/routers/{router}/shadow-disagreements": { summary: "Delete stored shadow disagreements", description: "Deletes every stored disagreement of this router.", status: 204 },
  "DELETE /api/v1/projects/{project}/routers/{router}/shadow-disagreements/{id}": { summary: "Delete a stored shadow disagreement", description: "Deletes one stored disagreement.", status: 204 },
  "GET /api/v1/projects/{project}/routers/{router}/traffic": { summary: "Live traffic", description: "What every live gateway routed for this router, summed, per rule and route against the active version's weights, and shadow agreement; `window` counts over the last minutes only.", status: 200, response: trafficResponseSchema },
  "POST /api/v1/projects/{project}/routers/{router}/replay": {
    summary: "Replay recorded requests",
    description:
      "Replay the router's recorded requests through two documents (the active version and the draft by default): which requests change route, rule hits, new errors with examples, sticky keys moved, projected load, and the fields that were not recorded.",
    status: 200,
    response: replayResponseSchema,
  },
  "GET /api/v1/projects/{project}/routers/{router}/samples": {
    summary: "Export recorded requests",
    description:
      "The router's recorded requests as NDJSON, oldest first: one sample a line in the CLI's request format, with its time, version, sticky key or slot, sampling rate, recorded fields and what was served.",
    status: 200,
    response: sampleLineSchema,
    contentType: "application/x-ndjson",
  },
  "DELETE /api/v1/projects/{project}/routers/{router}/samples": { summary: "Delete recorded requests", description: "Delete every recorded request of the router.", status: 204 },
  "GET /api/v1/projects/{project}/routers/{router}/samples/summary": {
    summary: "Recorded requests: counts",
    description: "How many requests of the router are stored for replay, and how many the gateways recorded and dropped.",
    status: 200,
    response: sampleSummarySchema,
  },
    "POST /api/v1/projects/{project}/routers/{router}/simulate": { summary: "Simulate requests", description: "Decide one request (with a full trace) or up to 10 000 (with a per-route summary), against the draft or the active version. It changes nothing, so viewers and read tokens may call it.", status: 200, response: simulateResponseSchema },
  "GET /api/v1/projects/{project}/routers/{router}/versions": { summary: "List versions", status: 200, response: versionPageSchema },
  "GET /api/v1/projects/{project}/routers/{router}/versions/{n}": { summary: "Get a version", status: 200, response: versionResponseSchema },
  "GET /api/v1/projects/{project}/routers/{router}/versions/{n}/diff": { summary: "Diff two versions", description: "What changed from version `against` to version `n`.", status: 200, response: versionDiffSchema },
  "POST /api/v1/projects/{project}/routers/{router}/versions/{n}/rollback": { summary: "Roll back to a version", description: "Deploy version `n` again, slot tables included, as the next version.", status: 201, response: rollbackResponseSchema },
  "GET /api/v1/projects/{project}/tokens": { summary: "List API tokens", status: 200, response: tokenListSchema },
  "POST /api/v1/projects/{project}/tokens": { summary: "Create an API token", description: "The token's secret is in this response only; it is stored hashed.", status: 201, response: tokenCreatedSchema },
  "DELETE /api/v1/projects/{project}/tokens/{token}": { summary: "Revoke an API token", description: "Revokes the token at once; it stays listed, marked revoked.", status: 200, response: tokenSchema },
  "GET /api/v1/session": { summary: "The signed-in caller", description: "The signed-in caller.", status: 200, response: principalSchema },
  "POST /api/v1/session": { summary: "Sign in", description: "Sign in with email and password: sets the session cookie.", status: 200, errors: [401, 403, 429], response: signInResponseSchema },
  "DELETE /api/v1/session": { summary: "Sign out", description: "Sign out: ends the session and clears the cookie.", status: 204 },
  "GET /api/v1/users": { summary: "List users", status: 200, response: userListSchema },
  "POST /api/v1/users": { summary: "Create a user", status: 201, response: userSchema },
  "PATCH /api/v1/users/{user}": { summary: "Change a user's global role", status: 200, response: userSchema },
  "DELETE /api/v1/users/{user}": { summary: "Delete a user", status: 204 },
};

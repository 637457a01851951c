/**
 * Query keys, one factory per resource, nested so that invalidating a router's key also
 * refreshes its config, analysis and versions.
 */
export const keys = {
  session: () => ["session"] as const,
  projects: () => ["projects"] as const,
  project: (project: string) => ["projects", project] as const,
  routers: (project: string) => ["projects", project, "routers"] as const,
  router: (project: string, router: string) => ["projects", project, "routers", router] as const,
  config: (project: string, router: string) => ["projects", project, "routers", router, "config"] as const,
  analysis: (project: string, router: string) => ["projects", project, "routers", router, "analysis"] as const,
  versions: (project: string, router: string) => ["projects", project, "routers", router, "versions"] as const,
  version: (project: string, router: string, n: number) => ["projects", project, "routers", router, "versions", n] as const,
  diff: (project: string, router: string, n: number, against: number) => ["projects", project, "routers", router, "versions", n, "diff", against] as const,
  disagreements: (project: string, router: string) => ["projects", project, "routers", router, "shadow-disagreements"] as const,
  samples: (project: string, router: string) => ["projects", project, "routers", router, "samples"] as const,
  replay: (project: string, router: string, params: Record<string, unknown>) => ["projects", project, "routers", router, "samples", "replay", params] as const,
  audiences: (project: string) => ["projects", project, "audiences"] as const,
  audience: (project: string, audience: string) => ["projects", project, "audiences", audience] as const,
  events: (project: string, filter: Record<string, string | undefined>) => ["projects", project, "events", filter] as const,
  tokens: (project: string) => ["projects", project, "tokens"] as const,
  members: (project: string) => ["projects", project, "members"] as const,
  users: () => ["users"] as const,
  gateways: () => ["gateways"] as const,
  routerGateways: (project: string, router: string) => ["projects", project, "routers", router, "gateways"] as const,
  /** A router's rollouts (and, below it, each rollout): under the router, so a deploy refreshes them. */
  routerRollouts: (project: string, router: string) => ["projects", project, "routers", router, "rollouts"] as const,
  rollout: (project: string, router: string, id: number) => ["projects", project, "routers", router, "rollouts", id] as const,
  projectRollouts: (project: string) => ["projects", project, "rollouts"] as const,
};

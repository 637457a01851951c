/** The fleet's API shapes: gateways, a router's gateways, a deploy's convergence, traffic windows. */
import { z } from "zod";
import { CONVERGENCE_TIMEOUT } from "./repo";

const gatewayStateSchema = z.enum(["live", "stale", "stopped"]).describe("live: heartbeats arrive; stale: none for three intervals; stopped: shut down cleanly.");

const gatewayBaseSchema = z.object({
  id: z.uuid(),
  host: z.string().describe("The machine's host name."),
  address: z.string().describe("The address it listens on."),
  port: z.number().int(),
  workers: z.number().int().min(1),
  state: gatewayStateSchema,
  heartbeatAt: z.iso.datetime({ offset: true }),
  heartbeatAgeMs: z.number().int().min(0),
});

export const gatewaySchema = gatewayBaseSchema.extend({
  metricsUrl: z.string().describe("Where it serves /metrics (to scrape): its port, or its admin listener when it runs with --admin-port."),
  pid: z.number().int(),
  turnoutVersion: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  heartbeatIntervalMs: z.number().int().min(1),
  inSync: z.boolean().describe("Serves every router's active version, and no router that has none."),
  routers: z.number().int().min(0).describe("Routers it serves."),
  behindCount: z.number().int().min(0),
  behind: z
    .array(z.object({ project: z.string(), router: z.string(), serving: z.number().int().nullable(), active: z.number().int().nullable() }))
    .describe("Routers it does not serve at their active version (the first 50)."),
});

export const fleetResponseSchema = z.object({
  live: z.number().int().min(0),
  stale: z.number().int().min(0),
  stopped: z.number().int().min(0),
  inSync: z.number().int().min(0).describe("Live gateways in sync."),
  gateways: z.array(gatewaySchema),
});

export const routerFleetResponseSchema = z.object({
  project: z.string(),
  router: z.string(),
  activeVersion: z.number().int().nullable(),
  live: z.number().int().min(0),
  serving: z.number().int().min(0).describe("Live gateways serving the active version."),
  gateways: z.array(
    gatewayBaseSchema.extend({
      version: z.number().int().nullable().describe("The version of this router it serves."),
      inSync: z.boolean(),
      servedAt: z.iso.datetime({ offset: true }).describe("When what it serves last changed."),
    }),
  ),
});

export const convergenceSchema = z.object({
  state: z.enum(["converged", "timeout", "no_gateways"]),
  version: z.number().int().min(1),
  elapsedMs: z.number().int().min(0),
  live: z.number().int().min(0),
  serving: z.number().int().min(0),
  lagging: z.array(z.object({ id: z.uuid(), host: z.string(), port: z.number().int(), version: z.number().int().nullable() })),
});

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** `?wait=true[&timeoutMs=]`: answer once every live gateway serves the new version, or at the timeout. */
export const deployWaitQuerySchema = z
  .object({
    wait: booleanFlag.optional().describe("Wait until every live gateway serves the new version (or the timeout) and report it as `convergence`."),
    timeoutMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(CONVERGENCE_TIMEOUT.maxMs)
      .optional()
      .describe(`How long to wait, in milliseconds (default ${CONVERGENCE_TIMEOUT.defaultMs}, at most ${CONVERGENCE_TIMEOUT.maxMs}).`),
  })
  .strict();

export const trafficQuerySchema = z
  .object({ window: z.enum(["1m", "5m", "15m", "1h"]).optional().describe("Count over the last minute, 5 minutes, 15 minutes or hour; since the gateways started when absent.") })
  .strict();

-- The gateways that serve the routers: each process registers at start and heartbeats with
-- the version it serves per router, so the console can show who serves what after a deploy.
CREATE TABLE "gateways" (
    "id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "pid" INTEGER NOT NULL,
    "workers" INTEGER NOT NULL DEFAULT 1,
    "turnoutVersion" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatIntervalMs" INTEGER NOT NULL,
    -- {"project/router": version number served}
    "served" JSONB NOT NULL DEFAULT '{}',
    "servedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Set by a gateway that shut down cleanly: not waited for, shown as stopped.
    "stoppedAt" TIMESTAMPTZ(3),
    CONSTRAINT "gateways_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "gateways_port_range" CHECK ("port" BETWEEN 0 AND 65535),
    CONSTRAINT "gateways_interval_positive" CHECK ("heartbeatIntervalMs" > 0),
    CONSTRAINT "gateways_workers_positive" CHECK ("workers" >= 1)
);
CREATE INDEX "gateways_heartbeatAt_idx" ON "gateways"("heartbeatAt");

-- Cumulative request, latency and shadow counters of one gateway for one router, written by
-- a heartbeat when they changed. A window's figures are the newest snapshot minus the newest
-- one at or before the window's start, per gateway. Gateways thin their own rows (one a
-- minute past ten minutes) and drop them past an hour; a pruned gateway takes its rows along.
CREATE TABLE "gateway_counters" (
    "gatewayId" UUID NOT NULL,
    "project" TEXT NOT NULL,
    "router" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "counters" JSONB NOT NULL,
    CONSTRAINT "gateway_counters_pkey" PRIMARY KEY ("gatewayId", "project", "router", "at"),
    CONSTRAINT "gateway_counters_gatewayId_fkey" FOREIGN KEY ("gatewayId") REFERENCES "gateways"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "gateway_counters_project_router_at_idx" ON "gateway_counters"("project", "router", "at");

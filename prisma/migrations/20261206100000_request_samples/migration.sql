-- Recording samples of served requests for replay: per-router settings, the samples the
-- gateways write, and what they could not write.

CREATE TYPE "RecordKeys" AS ENUM ('raw', 'slot');

ALTER TABLE "routers" ADD COLUMN "recordPercentBp" INTEGER NOT NULL DEFAULT 100;
ALTER TABLE "routers" ADD COLUMN "recordMaxPerSecond" INTEGER NOT NULL DEFAULT 100;
ALTER TABLE "routers" ADD COLUMN "recordFields" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "routers" ADD COLUMN "recordKeys" "RecordKeys" NOT NULL DEFAULT 'raw';
ALTER TABLE "routers" ADD CONSTRAINT "routers_record_percent_range" CHECK ("recordPercentBp" BETWEEN 0 AND 10000);
ALTER TABLE "routers" ADD CONSTRAINT "routers_record_rate_range" CHECK ("recordMaxPerSecond" BETWEEN 1 AND 100000);

-- One row per sampled request: the version that served it, its decision, and only the
-- request fields that version reads (plus the router's recordFields) in `request`
-- ({"headers", "query", "body"}). No foreign key to routers: deleting a router must not
-- wait on a million-row cascade; the gateways' pruning removes its samples afterwards.
CREATE TABLE "request_samples" (
    "id" BIGSERIAL NOT NULL,
    "routerId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "rule" TEXT,
    "route" TEXT,
    "sticky" BOOLEAN NOT NULL DEFAULT false,
    "status" INTEGER NOT NULL,
    "error" TEXT,
    "key" TEXT,
    "slot" INTEGER,
    "rate" DOUBLE PRECISION NOT NULL,
    "request" JSONB NOT NULL,
    CONSTRAINT "request_samples_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "request_samples_rate_range" CHECK ("rate" > 0 AND "rate" <= 1),
    CONSTRAINT "request_samples_slot_range" CHECK ("slot" IS NULL OR "slot" BETWEEN 0 AND 9999)
);
-- Replay, export and pruning all read one router's samples by time.
CREATE INDEX "request_samples_routerId_at_idx" ON "request_samples"("routerId", "at", "id");

-- Samples recorded and dropped, per router and outcome (`recorded`, or a drop reason),
-- added to by the gateways as they flush.
CREATE TABLE "sample_counts" (
    "routerId" UUID NOT NULL,
    "outcome" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sample_counts_pkey" PRIMARY KEY ("routerId", "outcome")
);
ALTER TABLE "sample_counts" ADD CONSTRAINT "sample_counts_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Progressive rollouts: a canary route's weight in one rule raised step by step, each step
-- an ordinary deploy, gated on the fleet's metrics. The controller keeps all its state here,
-- so any console instance can resume a rollout where another left it.
CREATE TABLE "rollouts" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "routerId" UUID NOT NULL,
    -- The rollout's number within its router: "rollout 4".
    "number" INTEGER NOT NULL,
    -- A rule's name, or 'default' for the default rule.
    "rule" TEXT NOT NULL,
    "baseline" TEXT NOT NULL,
    "canary" TEXT NOT NULL,
    -- { steps, shadow, gates } as validated at creation.
    "spec" JSONB NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    -- The version active when the rollout started: every stage deploys its document (with
    -- the stage's weights), and an abort deploys it again, slot tables included.
    "startVersionId" UUID NOT NULL,
    "startVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "pause" TEXT,
    "approved" BOOLEAN NOT NULL DEFAULT false,
    "stage" INTEGER NOT NULL DEFAULT 0,
    -- The version deployed for "stage", written in the deploy's own transaction.
    "stageVersion" INTEGER,
    "stageStartedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastEvaluatedAt" TIMESTAMPTZ(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "passes" INTEGER NOT NULL DEFAULT 0,
    -- Bumped by every change: the controller's writes are compare-and-set on it.
    "seq" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "endVersion" INTEGER,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rollouts_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "rollouts_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "rollouts_startVersionId_fkey" FOREIGN KEY ("startVersionId") REFERENCES "versions"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "rollouts_status_check" CHECK ("status" IN ('running', 'paused', 'completed', 'aborted')),
    CONSTRAINT "rollouts_pause_check" CHECK (("status" = 'paused') = ("pause" IS NOT NULL) AND ("pause" IS NULL OR "pause" IN ('manual', 'approval'))),
    CONSTRAINT "rollouts_counts_check" CHECK ("number" >= 1 AND "stage" >= 0 AND "failures" >= 0 AND "passes" >= 0)
);
CREATE UNIQUE INDEX "rollouts_routerId_number_key" ON "rollouts"("routerId", "number");
CREATE INDEX "rollouts_projectId_createdAt_idx" ON "rollouts"("projectId", "createdAt");
-- At most one rollout in progress per router.
CREATE UNIQUE INDEX "rollouts_one_active_per_router" ON "rollouts"("routerId") WHERE "status" IN ('running', 'paused');

-- Every evaluation of a rollout's gates: the verdict, each gate's value against its
-- threshold and the figures read. The newest 1 000 per rollout are kept (see the trigger).
CREATE TABLE "rollout_evaluations" (
    "id" BIGSERIAL NOT NULL,
    "rolloutId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stage" INTEGER NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "gates" JSONB NOT NULL,
    "sample" JSONB NOT NULL,
    CONSTRAINT "rollout_evaluations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rollout_evaluations_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "rollout_evaluations_verdict_check" CHECK ("verdict" IN ('pass', 'fail', 'inconclusive'))
);
CREATE INDEX "rollout_evaluations_rolloutId_id_idx" ON "rollout_evaluations"("rolloutId", "id");

CREATE FUNCTION rollout_evaluations_bound() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM rollout_evaluations
  WHERE "rolloutId" = NEW."rolloutId"
    AND id <= (SELECT id FROM rollout_evaluations WHERE "rolloutId" = NEW."rolloutId" ORDER BY id DESC OFFSET 1000 LIMIT 1);
  RETURN NULL;
END $$;
CREATE TRIGGER rollout_evaluations_bound AFTER INSERT ON rollout_evaluations FOR EACH ROW EXECUTE FUNCTION rollout_evaluations_bound();

-- What happened to a rollout, in order: started, each stage entered (with its version),
-- paused, resumed, promoted, aborted, completed; who did it.
CREATE TABLE "rollout_events" (
    "id" BIGSERIAL NOT NULL,
    "rolloutId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "stage" INTEGER,
    "version" INTEGER,
    "actor" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "rollout_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rollout_events_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "rollout_events_rolloutId_id_idx" ON "rollout_events"("rolloutId", "id");

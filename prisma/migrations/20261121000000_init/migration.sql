-- Turnout domain: projects, routers (draft), routes, audiences, rules, conditions,
-- splits, shadows, immutable versions and the audit log.

CREATE TYPE "MissingKey" AS ENUM ('reject', 'random');
CREATE TYPE "Strategy" AS ENUM ('random', 'sticky');
CREATE TYPE "ConditionSource" AS ENUM ('header', 'payload', 'query');
CREATE TYPE "ConditionOperator" AS ENUM ('in', 'prefix', 'suffix', 'contains', 'regex', 'present', 'range');

CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "projects_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "projects_name_slug" CHECK ("name" ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);
CREATE UNIQUE INDEX "projects_name_key" ON "projects"("name");

CREATE TABLE "routers" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "keySources" JSONB NOT NULL,
    "missingKey" "MissingKey" NOT NULL DEFAULT 'reject',
    "strict" BOOLEAN NOT NULL DEFAULT false,
    "allowPin" BOOLEAN NOT NULL DEFAULT false,
    "seed" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "activeVersionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "routers_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "routers_name_slug" CHECK ("name" ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);
CREATE UNIQUE INDEX "routers_activeVersionId_key" ON "routers"("activeVersionId");
CREATE UNIQUE INDEX "routers_projectId_name_key" ON "routers"("projectId", "name");

CREATE TABLE "routes" (
    "id" UUID NOT NULL,
    "routerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "timeoutMs" INTEGER NOT NULL DEFAULT 2000,
    "position" INTEGER NOT NULL,
    CONSTRAINT "routes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "routes_name_slug" CHECK ("name" ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    CONSTRAINT "routes_timeout_positive" CHECK ("timeoutMs" > 0)
);
CREATE UNIQUE INDEX "routes_routerId_name_key" ON "routes"("routerId", "name");
CREATE UNIQUE INDEX "routes_routerId_id_key" ON "routes"("routerId", "id");

CREATE TABLE "audiences" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "audiences_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audiences_name_slug" CHECK ("name" ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);
CREATE UNIQUE INDEX "audiences_projectId_name_key" ON "audiences"("projectId", "name");

CREATE TABLE "rules" (
    "id" UUID NOT NULL,
    "routerId" UUID NOT NULL,
    "name" TEXT,
    "position" INTEGER,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "audienceId" UUID,
    "strategy" "Strategy" NOT NULL DEFAULT 'random',
    "slots" TEXT,
    CONSTRAINT "rules_pkey" PRIMARY KEY ("id"),
    -- The default rule has no name, no position and no audience; every other rule has a
    -- slug name and a position.
    CONSTRAINT "rules_default_shape" CHECK (
        ("isDefault" AND "name" IS NULL AND "position" IS NULL AND "audienceId" IS NULL)
        OR (NOT "isDefault" AND "name" IS NOT NULL AND "position" IS NOT NULL)
    ),
    CONSTRAINT "rules_name_slug" CHECK ("name" IS NULL OR "name" ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    CONSTRAINT "rules_position_nonnegative" CHECK ("position" IS NULL OR "position" >= 0)
);
CREATE UNIQUE INDEX "rules_routerId_name_key" ON "rules"("routerId", "name");
CREATE UNIQUE INDEX "rules_routerId_id_key" ON "rules"("routerId", "id");
-- Exactly one default rule per router (at most one here; at least one is checked by the
-- deferred trigger below).
CREATE UNIQUE INDEX "rules_one_default_per_router" ON "rules"("routerId") WHERE "isDefault";
-- Positions are unique per router, checked at commit so that a reorder can move rules
-- through each other's positions inside one transaction.
ALTER TABLE "rules" ADD CONSTRAINT "rules_routerId_position_key" UNIQUE ("routerId", "position") DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE "conditions" (
    "id" UUID NOT NULL,
    "ruleId" UUID,
    "audienceId" UUID,
    "position" INTEGER NOT NULL,
    "source" "ConditionSource" NOT NULL,
    "key" TEXT NOT NULL,
    "operator" "ConditionOperator" NOT NULL,
    "values" JSONB NOT NULL,
    CONSTRAINT "conditions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "conditions_one_owner" CHECK (("ruleId" IS NULL) <> ("audienceId" IS NULL)),
    CONSTRAINT "conditions_values_array" CHECK (jsonb_typeof("values") = 'array')
);
CREATE UNIQUE INDEX "conditions_ruleId_position_key" ON "conditions"("ruleId", "position");
CREATE UNIQUE INDEX "conditions_audienceId_position_key" ON "conditions"("audienceId", "position");

CREATE TABLE "split_entries" (
    "id" UUID NOT NULL,
    "routerId" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "routeId" UUID NOT NULL,
    "weightBp" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "split_entries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "split_entries_weight_range" CHECK ("weightBp" BETWEEN 0 AND 10000)
);
CREATE UNIQUE INDEX "split_entries_ruleId_routeId_key" ON "split_entries"("ruleId", "routeId");
CREATE UNIQUE INDEX "split_entries_ruleId_position_key" ON "split_entries"("ruleId", "position");
CREATE INDEX "split_entries_routeId_idx" ON "split_entries"("routeId");

CREATE TABLE "shadows" (
    "id" UUID NOT NULL,
    "routerId" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "routeId" UUID NOT NULL,
    "percentBp" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "shadows_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "shadows_percent_range" CHECK ("percentBp" BETWEEN 0 AND 10000)
);
CREATE UNIQUE INDEX "shadows_ruleId_routeId_key" ON "shadows"("ruleId", "routeId");
CREATE UNIQUE INDEX "shadows_ruleId_position_key" ON "shadows"("ruleId", "position");
CREATE INDEX "shadows_routeId_idx" ON "shadows"("routeId");

CREATE TABLE "versions" (
    "id" UUID NOT NULL,
    "routerId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "author" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "versions_number_positive" CHECK ("number" > 0)
);
CREATE UNIQUE INDEX "versions_routerId_number_key" ON "versions"("routerId", "number");

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "projectId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_events_projectId_createdAt_idx" ON "audit_events"("projectId", "createdAt");

ALTER TABLE "routers" ADD CONSTRAINT "routers_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "routers" ADD CONSTRAINT "routers_activeVersionId_fkey" FOREIGN KEY ("activeVersionId") REFERENCES "versions"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "routes" ADD CONSTRAINT "routes_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audiences" ADD CONSTRAINT "audiences_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rules" ADD CONSTRAINT "rules_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- NO ACTION: an audience still used by a rule cannot be deleted.
ALTER TABLE "rules" ADD CONSTRAINT "rules_audienceId_fkey" FOREIGN KEY ("audienceId") REFERENCES "audiences"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_audienceId_fkey" FOREIGN KEY ("audienceId") REFERENCES "audiences"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "split_entries" ADD CONSTRAINT "split_entries_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Composite keys keep a split inside one router: its rule and its route belong to the same router.
ALTER TABLE "split_entries" ADD CONSTRAINT "split_entries_routerId_ruleId_fkey" FOREIGN KEY ("routerId", "ruleId") REFERENCES "rules"("routerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
-- NO ACTION: a route still used by a split cannot be deleted.
ALTER TABLE "split_entries" ADD CONSTRAINT "split_entries_routerId_routeId_fkey" FOREIGN KEY ("routerId", "routeId") REFERENCES "routes"("routerId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "shadows" ADD CONSTRAINT "shadows_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "shadows" ADD CONSTRAINT "shadows_routerId_ruleId_fkey" FOREIGN KEY ("routerId", "ruleId") REFERENCES "rules"("routerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "shadows" ADD CONSTRAINT "shadows_routerId_routeId_fkey" FOREIGN KEY ("routerId", "routeId") REFERENCES "routes"("routerId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "versions" ADD CONSTRAINT "versions_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A deployed version is immutable: its document, number, message and author never change.
CREATE FUNCTION "versions_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'versions are immutable (router %, version %)', OLD."routerId", OLD."number"
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER "versions_no_update" BEFORE UPDATE ON "versions"
    FOR EACH ROW EXECUTE FUNCTION "versions_immutable"();

-- The default rule never has conditions.
CREATE FUNCTION "conditions_not_on_default_rule"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."ruleId" IS NOT NULL AND EXISTS (SELECT 1 FROM "rules" WHERE "id" = NEW."ruleId" AND "isDefault") THEN
        RAISE EXCEPTION 'the default rule has no conditions'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'conditions_not_on_default_rule';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "conditions_default_rule_check" BEFORE INSERT OR UPDATE ON "conditions"
    FOR EACH ROW EXECUTE FUNCTION "conditions_not_on_default_rule"();

-- Every router has its default rule at commit time (created with the router, never deleted
-- on its own: it goes only with its router).
CREATE FUNCTION "routers_have_default_rule"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid UUID;
BEGIN
    IF TG_TABLE_NAME = 'routers' THEN rid := NEW."id"; ELSE rid := OLD."routerId"; END IF;
    IF EXISTS (SELECT 1 FROM "routers" WHERE "id" = rid)
       AND NOT EXISTS (SELECT 1 FROM "rules" WHERE "routerId" = rid AND "isDefault") THEN
        RAISE EXCEPTION 'router % has no default rule', rid
            USING ERRCODE = 'check_violation', CONSTRAINT = 'routers_have_default_rule';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER "routers_default_rule_on_insert" AFTER INSERT ON "routers"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "routers_have_default_rule"();
CREATE CONSTRAINT TRIGGER "rules_default_rule_kept" AFTER DELETE OR UPDATE ON "rules"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "routers_have_default_rule"();

CREATE TABLE "instance_meta" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "instance_meta_pkey" PRIMARY KEY ("key")
);

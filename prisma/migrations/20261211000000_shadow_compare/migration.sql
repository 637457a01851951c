-- Shadow comparison: how each shadow entry's answer is compared with the primary's, how
-- many disagreements a router keeps, and the kept disagreements themselves.

-- Null: exact (byte-for-byte) comparison. Validated by the router document's schema on every
-- write and read; the database only insists on an object with a known mode.
ALTER TABLE "shadows" ADD COLUMN "compare" JSONB;
ALTER TABLE "shadows" ADD CONSTRAINT "shadows_compare_mode" CHECK (
    "compare" IS NULL OR (jsonb_typeof("compare") = 'object' AND "compare"->>'mode' IN ('exact', 'json', 'fields'))
);

ALTER TABLE "routers" ADD COLUMN "keepDisagreements" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "routers" ADD CONSTRAINT "routers_keep_disagreements_range" CHECK ("keepDisagreements" BETWEEN 0 AND 500);

-- Written by gateways, in batches; `keep` is the bound the writing gateway's version set.
CREATE TABLE "shadow_disagreements" (
    "id" BIGSERIAL NOT NULL,
    "routerId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "keep" INTEGER NOT NULL,
    "request" JSONB NOT NULL,
    "primary" JSONB NOT NULL,
    "shadow" JSONB NOT NULL,
    "differences" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "shadow_disagreements_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "shadow_disagreements_keep_range" CHECK ("keep" BETWEEN 1 AND 500)
);
CREATE INDEX "shadow_disagreements_routerId_id_idx" ON "shadow_disagreements"("routerId", "id");
ALTER TABLE "shadow_disagreements" ADD CONSTRAINT "shadow_disagreements_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "routers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each router keeps only its latest `keep` disagreements. The statement that inserts prunes,
-- under a per-router lock so that concurrent writers (several gateways) cannot both keep
-- their own rows past the bound: the second waits, then sees the first's rows.
CREATE FUNCTION "shadow_disagreements_prune"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target RECORD;
BEGIN
    FOR target IN SELECT "routerId", max("keep") AS keep FROM added GROUP BY "routerId" ORDER BY "routerId" LOOP
        PERFORM pg_advisory_xact_lock(727275, hashtext(target."routerId"::text));
        DELETE FROM "shadow_disagreements"
        WHERE "routerId" = target."routerId"
          AND "id" < (
              SELECT min("id") FROM (
                  SELECT "id" FROM "shadow_disagreements" WHERE "routerId" = target."routerId" ORDER BY "id" DESC LIMIT target.keep
              ) AS latest
          );
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "shadow_disagreements_bounded" AFTER INSERT ON "shadow_disagreements"
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "shadow_disagreements_prune"();

-- A router's draft stamp: a value that names one state of its draft, renewed by the
-- database whenever the revision changes, whichever statement changes it. The console keeps
-- the draft it last read or wrote per stamp and reads the rows again when the stamp differs;
-- a random value (not the revision) so that a restored database, whose revisions may be
-- written again with other contents, never matches a draft kept from before.
ALTER TABLE "routers" ADD COLUMN "draftStamp" UUID NOT NULL DEFAULT gen_random_uuid();

CREATE FUNCTION "routers_renew_draft_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."draftStamp" := gen_random_uuid();
    RETURN NEW;
END
$$;

CREATE TRIGGER "routers_renew_draft_stamp" BEFORE UPDATE ON "routers"
    FOR EACH ROW WHEN (NEW."revision" IS DISTINCT FROM OLD."revision")
    EXECUTE FUNCTION "routers_renew_draft_stamp"();

-- A router's default rule can only go by a delete, or by an update of its flag or its router:
-- moving or changing other rules no longer runs the check at commit, once per row.
DROP TRIGGER "rules_default_rule_kept" ON "rules";
CREATE CONSTRAINT TRIGGER "rules_default_rule_kept" AFTER DELETE OR UPDATE OF "isDefault", "routerId" ON "rules"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "routers_have_default_rule"();

-- The audit log outlives what it records. Deleting a project used to delete its events
-- (ON DELETE CASCADE); now the rows stay, their project id cleared, and every row keeps
-- the project's name. Rule, route and router events also name their router, so filtering
-- by a router finds the changes made inside it.

ALTER TABLE "audit_events" ADD COLUMN "projectName" TEXT;
ALTER TABLE "audit_events" ADD COLUMN "routerName" TEXT;

UPDATE "audit_events" e SET "projectName" = p."name" FROM "projects" p WHERE e."projectId" = p."id";
-- Project deletions were written without a project id; their target is the project.
UPDATE "audit_events" SET "projectName" = "targetName" WHERE "projectId" IS NULL AND "action" = 'project.delete';
UPDATE "audit_events" SET "routerName" = "targetName" WHERE "targetType" = 'router';

ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_projectId_fkey";
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE INDEX "audit_events_projectName_id_idx" ON "audit_events"("projectName", "id");

-- Every event written in a project carries the project's name, whoever writes it.
CREATE FUNCTION "audit_events_project_name"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."projectName" IS NULL AND NEW."projectId" IS NOT NULL THEN
        SELECT "name" INTO NEW."projectName" FROM "projects" WHERE "id" = NEW."projectId";
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "audit_events_fill_project_name" BEFORE INSERT ON "audit_events"
    FOR EACH ROW EXECUTE FUNCTION "audit_events_project_name"();

-- Rule and route events written before events named their router have no "routerName",
-- so filtering the log by a router missed them. Name the router where the event's
-- project holds exactly one router that has (in its draft or any version) a rule or
-- route of that name; an ambiguous or vanished one stays unnamed rather than guessed.

WITH candidates AS (
    SELECT e."id", r."name" AS router
    FROM "audit_events" e
    JOIN "routers" r ON r."projectId" = e."projectId"
    WHERE e."routerName" IS NULL
      AND e."projectId" IS NOT NULL
      AND (
        (e."targetType" = 'rule' AND (
            e."targetName" = 'default'
            OR EXISTS (SELECT 1 FROM "rules" x WHERE x."routerId" = r."id" AND x."name" = e."targetName")
            OR EXISTS (SELECT 1 FROM "versions" v WHERE v."routerId" = r."id"
                       AND v."document" -> 'rules' @> jsonb_build_array(jsonb_build_object('name', e."targetName")))))
        OR (e."targetType" = 'route' AND (
            EXISTS (SELECT 1 FROM "routes" x WHERE x."routerId" = r."id" AND x."name" = e."targetName")
            OR EXISTS (SELECT 1 FROM "versions" v WHERE v."routerId" = r."id"
                       AND v."document" -> 'routes' @> jsonb_build_array(jsonb_build_object('name', e."targetName")))))
      )
),
single AS (
    SELECT "id", min(router) AS router FROM candidates GROUP BY "id" HAVING count(*) = 1
)
UPDATE "audit_events" e SET "routerName" = s.router FROM single s WHERE e."id" = s."id";

-- The log's router filter.
CREATE INDEX "audit_events_projectId_routerName_id_idx" ON "audit_events"("projectId", "routerName", "id");

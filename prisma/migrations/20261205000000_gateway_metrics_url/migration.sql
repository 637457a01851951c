-- Where a gateway serves /metrics: its traffic port by default, or its admin listener
-- (--admin-port), which Prometheus then scrapes instead. Rows of gateways registered before
-- the column existed had /metrics on their traffic port.
ALTER TABLE "gateways" ADD COLUMN "metricsUrl" TEXT;
UPDATE "gateways" SET "metricsUrl" = 'http://' || CASE WHEN "address" LIKE '%:%' THEN '[' || "address" || ']' ELSE "address" END || ':' || "port" || '/metrics';
ALTER TABLE "gateways" ALTER COLUMN "metricsUrl" SET NOT NULL;

-- A revoked token gives its name back: only live (unrevoked) tokens need distinct names
-- within a project, so "ci" can be re-created after the old "ci" is revoked.
DROP INDEX "api_tokens_projectId_name_key";
CREATE UNIQUE INDEX "api_tokens_projectId_name_live_key" ON "api_tokens"("projectId", "name") WHERE "revokedAt" IS NULL;

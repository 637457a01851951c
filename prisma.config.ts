import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Only migrate/introspect commands read this; `prisma generate` needs no database.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/turnout" },
});

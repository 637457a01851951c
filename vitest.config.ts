import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname) };
const dirs = ["lib", "app", "scripts", "gateway", "components"];

export default defineConfig({
  resolve: { alias },
  test: {
    // Two cores: keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        resolve: { alias },
        test: {
          name: "unit",
          include: dirs.map((d) => `${d}/**/*.test.ts`),
          exclude: ["**/*.db.test.ts", "**/node_modules/**"],
        },
      },
      {
        // Integration tests: a real PostgreSQL (embedded, or DATABASE_URL), one fresh database per file.
        extends: true,
        resolve: { alias },
        test: {
          name: "db",
          include: dirs.map((d) => `${d}/**/*.db.test.ts`),
          globalSetup: ["./lib/testing/global-setup.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});

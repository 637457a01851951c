import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./e2e/credentials";

/**
 * A port no other process holds, chosen once by the runner and inherited by its workers
 * (they load this file again, and must agree on the address). E2E_PORT pins it.
 */
function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}
process.env.E2E_PORT ??= String(freePort());
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * End-to-end tests in a real Chromium (Debian's, or CHROMIUM_PATH) against the production
 * build, served with a database of its own that is thrown away afterwards.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath, args: chromiumArgs },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined }, testIgnore: /behind-proxy\.spec\.ts$/ },
    {
      // The console at a name that is not localhost (turnout.test → 127.0.0.1 inside this
      // browser only), through a real nginx that terminates TLS with a throwaway certificate.
      name: "behind-proxy",
      testMatch: /behind-proxy\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        channel: undefined,
        ignoreHTTPSErrors: true,
        launchOptions: { executablePath, args: [...chromiumArgs, "--host-resolver-rules=MAP turnout.test 127.0.0.1"] },
      },
    },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts start",
    url: baseURL,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      // One throwaway database folder per port, so runs on different E2E_PORTs can share a checkout.
      TURNOUT_DATA_DIR: `.data/e2e-postgres-${port}`,
      TURNOUT_EPHEMERAL: "1",
      // The specs start gateways against the console's (throwaway) database, read from this file.
      TURNOUT_DATABASE_URL_FILE: `.data/e2e-database-url-${port}`,
      // The first start creates this administrator (and makes them owner of the demo project);
      // e2e/fixtures.ts signs in as them.
      TURNOUT_ADMIN_EMAIL: ADMIN_EMAIL,
      TURNOUT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    },
  },
});

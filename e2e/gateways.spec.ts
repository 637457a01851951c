import { readFile } from "node:fs/promises";
import path from "node:path";
import { startGatewayProcess, type GatewayProcess } from "../lib/fleet/test-support/gateway-process";
import { expect, test } from "./fixtures";
import { createRouter, shot } from "./router-helpers";

/** The database the console under test uses (playwright.config.ts has scripts/start.ts write its URL). */
async function consoleDatabaseUrl(): Promise<string> {
  const file = path.resolve(import.meta.dirname, "..", ".data", `e2e-database-url-${process.env.E2E_PORT}`);
  return (await readFile(file, "utf8")).trim();
}

let gateways: GatewayProcess[] = [];

test.afterEach(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  gateways = [];
});

test("a deploy through the console is served by every gateway, and the Gateways page lists them in sync", async ({ page, seed, adminApi }) => {
  test.setTimeout(180_000);
  const databaseUrl = await consoleDatabaseUrl();
  for (let i = 0; i < 2; i++) gateways.push(await startGatewayProcess(databaseUrl, ["--heartbeat-ms", "500"]));

  const project = await seed.project();
  await createRouter(adminApi, project, {
    name: "scorer",
    routes: [{ name: "stable", url: "http://127.0.0.1:9", timeoutMs: 1000 }],
    defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] },
  });

  await page.goto(`/projects/${project}/routers/scorer`);
  await page.getByTestId("deploy-button").click();
  const dialog = page.getByTestId("deploy-dialog");
  await dialog.getByLabel("Message").fill("First release");
  await dialog.getByTestId("deploy-confirm").click();
  await expect(page.getByText(/Version 1 served by all 2 gateways in \d+\.\d s/)).toBeVisible();
  await expect(page.getByTestId("served-by")).toHaveText("v1 served by 2 of 2 gateways");

  // The Traffic tab lists the router's gateways.
  await page.getByRole("tab", { name: "Traffic" }).click();
  for (const g of gateways) await expect(page.getByTestId(`router-gateway-${g.port}`)).toContainText("v1");
  await shot(page, "router-served-by-gateways");

  await page.getByRole("link", { name: "Gateways" }).click();
  await expect(page).toHaveURL(/\/admin\/gateways$/);
  for (const g of gateways) {
    const row = page.getByTestId(`gateway-row-${g.port}`);
    await expect(row).toContainText("live");
    await expect(row).toContainText("in sync");
  }
  await shot(page, "gateways");

  // One gateway vanishes without a word: after three missed heartbeats it is stale.
  const [gone] = gateways.splice(0, 1);
  await gone!.kill();
  await expect(page.getByTestId(`gateway-row-${gone!.port}`)).toContainText("stale", { timeout: 15_000 });
});

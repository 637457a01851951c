import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { startGatewayProcess, type GatewayProcess } from "../lib/fleet/test-support/gateway-process";
import { expect, test } from "./fixtures";
import { createRouter, deploy, json, routerApi, shot } from "./router-helpers";

/** The database the console under test uses (playwright.config.ts has scripts/start.ts write its URL). */
async function consoleDatabaseUrl(): Promise<string> {
  const file = path.resolve(import.meta.dirname, "..", ".data", `e2e-database-url-${process.env.E2E_PORT}`);
  return (await readFile(file, "utf8")).trim();
}

let gateway: GatewayProcess | null = null;
let backend: http.Server | null = null;

test.afterEach(async () => {
  await gateway?.stop();
  gateway = null;
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  backend = null;
});

async function startBackend(): Promise<string> {
  backend = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => backend!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(backend!.address() as AddressInfo).port}`;
}

type Summary = { stored: number; recorded: number; dropped: Record<string, number> };

test("recorded traffic through a real gateway shows a change's impact in the deploy dialog, opens an example in the simulator, replays in the simulator, and is deleted", async ({
  page,
  seed,
  adminApi,
  context,
}) => {
  test.setTimeout(240_000);
  const project = await seed.project();
  const upstream = await startBackend();
  await createRouter(adminApi, project, {
    name: "scorer",
    settings: { keySources: [{ source: "header", key: "x-user" }], missingKey: "reject", recordPercent: 100, recordMaxPerSecond: 10_000 },
    routes: [
      { name: "stable", url: upstream, timeoutMs: 2000 },
      { name: "canary", url: upstream, timeoutMs: 2000 },
    ],
    rules: [{ name: "beta", conditions: [{ source: "header", key: "x-tier", operator: "in", values: ["beta"] }], strategy: "sticky", split: [{ route: "canary", weight: 100 }], shadows: [] }],
    defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] },
  });
  await deploy(adminApi, project, "scorer", "Everyone on stable, beta on canary");
  gateway = await startGatewayProcess(await consoleDatabaseUrl(), ["--heartbeat-ms", "500"]);

  // 60 requests: 40 users, 10 beta testers, 10 anonymous free-tier callers (no x-user: the draft will refuse them),
  // spread over more than a second so that a rate per route can be projected.
  const sent: Record<string, string>[] = [
    ...Array.from({ length: 40 }, (_, i) => ({ "x-user": `user-${i}` })),
    ...Array.from({ length: 10 }, (_, i) => ({ "x-tier": "beta", "x-user": `beta-${i}` })),
    ...Array.from({ length: 10 }, () => ({ "x-tier": "free" })),
  ];
  for (const headers of sent) {
    const response = await fetch(`${gateway.url}/${project}/scorer/predict`, { headers });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  await expect
    .poll(async () => (await json<Summary>(await adminApi.get(`${routerApi(project, "scorer")}/samples/summary`), "summary")).stored, { timeout: 30_000 })
    .toBe(60);

  // The draft turns the default into a sticky 50/50 on x-user: half the users move, the anonymous are refused.
  await json(
    await adminApi.put(`${routerApi(project, "scorer")}/default-rule`, {
      data: { strategy: "sticky", split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 50 }], shadows: [] },
    }),
    "change the default rule",
  );

  await page.goto(`/projects/${project}/routers/scorer?tab=settings`);
  await expect(page.getByTestId("samples-stored-count")).toContainText("60 requests stored for replay");
  await expect(page.getByTestId("samples-dropped")).toContainText("recorded 60 and dropped 0");

  await page.getByTestId("deploy-button").click();
  const dialog = page.getByTestId("deploy-dialog");
  const impact = dialog.getByTestId("deploy-impact");
  await expect(impact.getByRole("heading", { name: "Impact on the last 60 recorded requests" })).toBeVisible();
  await expect(impact.getByTestId("deploy-impact-summary")).toContainText(/of 60 requests \(\d+\.\d %\) change route/);
  const matrix = impact.getByTestId("replay-matrix");
  await expect(matrix.getByRole("row").filter({ hasText: "error:missing_key" })).toContainText("10");
  await expect(matrix.getByRole("row").filter({ hasText: "canary" }).first()).toBeVisible();
  // v1 reads x-user (its beta rule is sticky), so it was recorded: nothing the draft reads is missing.
  await expect(impact.getByTestId("replay-uncertain")).toHaveCount(0);
  const errors = impact.getByTestId("replay-new-errors");
  await expect(errors).toContainText("400 missing_key");
  await expect(errors).toContainText("10 requests that used to succeed");
  await expect(impact.getByTestId("deploy-impact-growth")).toContainText("canary");
  await shot(page, "deploy-replay-impact");

  // An example opens in the simulator (a new tab: the review stays open), decided by the draft.
  const [simulator] = await Promise.all([context.waitForEvent("page"), errors.getByRole("link", { name: "Open in the simulator" }).first().click()]);
  await expect(simulator.getByRole("tab", { name: "Simulator", selected: true })).toBeVisible();
  await expect(simulator.getByLabel("Header 1 name")).toHaveValue("x-tier");
  await expect(simulator.getByText(/The gateway would answer 400/)).toBeVisible();
  await expect(simulator.getByText("missing_key", { exact: true })).toBeVisible();
  await simulator.close();

  await dialog.getByRole("button", { name: "Cancel" }).click();

  // The simulator's Replay panel: any version against any other, with its bad input told inline.
  await page.getByRole("tab", { name: "Simulator" }).click();
  const panel = page.getByTestId("replay-panel");
  await panel.getByLabel("Newest samples").fill("0");
  await panel.getByRole("button", { name: "Replay" }).click();
  await expect(panel.getByText("Newest samples: A whole number from 1 to 100,000.")).toBeVisible();
  await panel.getByLabel("Newest samples").fill("1000");
  await panel.getByLabel("To", { exact: true }).selectOption("active");
  await panel.getByRole("button", { name: "Replay" }).click();
  await expect(panel.getByTestId("replay-summary")).toContainText("Replayed 60 recorded requests from version 1 (active) to version 1 (active): 0 (0.0 %) change route");
  await panel.getByLabel("To", { exact: true }).selectOption("draft");
  await panel.getByRole("button", { name: "Replay" }).click();
  await expect(panel.getByTestId("replay-summary")).toContainText("to the draft");
  await expect(panel.getByTestId("replay-rules").getByRole("row").filter({ hasText: "beta" })).toContainText("10");
  await expect(panel.getByTestId("replay-projected")).toContainText("canary");
  // An example fills the simulator's form on the same page and decides it.
  await panel.getByTestId("replay-new-errors").getByRole("button", { name: "Open in the simulator" }).first().click();
  await expect(page.getByLabel("Header 1 name")).toHaveValue("x-tier");
  await expect(page.getByText(/The gateway would answer 400/)).toBeVisible();
  await shot(page, "simulator-replay");

  // Settings: the recording settings, checked inline, saved to the draft; then the samples are deleted.
  await page.getByRole("tab", { name: "Settings" }).click();
  const recording = page.getByTestId("recording-settings");
  await expect(recording.getByLabel("Requests recorded (%)")).toHaveValue("100");
  await recording.getByLabel("Requests recorded (%)").fill("250");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(recording.getByText("A percentage from 0 to 100 (0 turns recording off).")).toBeVisible();
  await recording.getByLabel("Requests recorded (%)").fill("5");
  await recording.getByLabel("Keep only its slot", { exact: false }).check();
  await recording.getByRole("button", { name: "Add field" }).click();
  await recording.getByLabel("Key of recorded field 1").fill("x-client");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved to the draft")).toBeVisible();
  const settings = (await json<{ settings: Record<string, unknown> }>(await adminApi.get(`${routerApi(project, "scorer")}/config`), "read config")).settings;
  expect(settings).toMatchObject({ recordPercent: 5, recordKeys: "slot", recordFields: [{ source: "header", key: "x-client" }], recordMaxPerSecond: 10_000 });

  await page.getByRole("button", { name: "Delete recorded requests" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByText("Recorded requests deleted")).toBeVisible();
  await expect(page.getByTestId("samples-stored-count")).toContainText("0 requests stored for replay");
  expect((await json<Summary>(await adminApi.get(`${routerApi(project, "scorer")}/samples/summary`), "summary")).stored).toBe(0);
});

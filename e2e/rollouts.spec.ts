import { readFile } from "node:fs/promises";
import path from "node:path";
import { startGatewayProcess, type GatewayProcess } from "../lib/fleet/test-support/gateway-process";
import { answerWith, startBackend, type Backend } from "../lib/gateway/test-support/backends";
import { expect, test } from "./fixtures";
import { createRouter, deploy, json, routerApi, shot, versions } from "./router-helpers";

/** The database the console under test uses (playwright.config.ts has scripts/start.ts write its URL). */
async function consoleDatabaseUrl(): Promise<string> {
  const file = path.resolve(import.meta.dirname, "..", ".data", `e2e-database-url-${process.env.E2E_PORT}`);
  return (await readFile(file, "utf8")).trim();
}

let gateway: GatewayProcess | null = null;
let backends: Backend[] = [];
let stopTraffic: (() => Promise<void>) | null = null;

test.afterEach(async () => {
  await stopTraffic?.();
  await gateway?.stop();
  await Promise.all(backends.map((b) => b.close()));
  gateway = null;
  backends = [];
  stopTraffic = null;
});

/** Keeps sending sticky requests through the gateway until stopped. */
function traffic(url: string): () => Promise<void> {
  let stopped = false;
  const loop = async (w: number) => {
    for (let i = w; !stopped; i += 4) {
      await fetch(url, { headers: { "x-shard-key": `k-${i % 300}` } })
        .then((r) => r.arrayBuffer())
        .catch(() => {});
    }
  };
  const done = Promise.all([0, 1, 2, 3].map(loop));
  return async () => {
    stopped = true;
    await done;
  };
}

test("a rollout started from a rule advances on the gateways' traffic, waits for approval, and completes", async ({ page, seed, adminApi }) => {
  test.setTimeout(180_000);
  const project = await seed.project();
  backends = await Promise.all([startBackend(answerWith("same")), startBackend(answerWith("same"))]);
  await createRouter(adminApi, project, {
    name: "scorer",
    routes: [
      { name: "stable", url: backends[0]!.url, timeoutMs: 2000 },
      { name: "canary", url: backends[1]!.url, timeoutMs: 2000 },
    ],
    defaultRule: { strategy: "sticky", split: [{ route: "stable", weight: 100 }], shadows: [] },
  });
  const start = await deploy(adminApi, project, "scorer", "first");
  gateway = await startGatewayProcess(await consoleDatabaseUrl(), ["--heartbeat-ms", "250"]);
  stopTraffic = traffic(`${gateway.url}/${project}/scorer/predict`);

  // "Roll out" on the default rule opens the wizard on it.
  await page.goto(`/projects/${project}/routers/scorer`);
  await page.getByRole("link", { name: "Start a rollout on the default rule" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Start a rollout" })).toBeVisible();
  await expect(dialog.getByLabel("Baseline", { exact: true })).toHaveValue("stable");
  await expect(dialog.getByLabel("Canary", { exact: true })).toHaveValue("canary");

  // Two steps: 50 % (waiting for approval), then 100 %; short bakes and gates so this takes seconds.
  while ((await dialog.getByTestId("step-row").count()) > 2) await dialog.getByRole("button", { name: /^Remove step/ }).first().click();
  await dialog.getByLabel("Step 1 canary weight (%)").fill("60");
  await dialog.getByLabel("Step 2 canary weight (%)").fill("50");
  for (const i of [1, 2]) await dialog.getByLabel(`Step ${i} bake time (seconds)`).fill("1");
  await dialog.getByLabel("Step 1 waits for approval").check();
  await dialog.getByLabel("Evaluate every (s)").fill("1");
  await dialog.getByLabel("Minimum requests").fill("5");
  await dialog.getByLabel("Advance after (passed evaluations in a row)").fill("1");
  // Identical backends: scheduling noise alone separates their p95s.
  await dialog.getByLabel("…unless within (ms)").fill("1000");
  // A step that does not raise the canary is refused, next to the field, and nothing starts.
  await dialog.getByTestId("rollout-start").click();
  await expect(dialog.getByTestId("step-1-error")).toContainText("more than the one before");
  await dialog.getByLabel("Step 1 canary weight (%)").fill("50");
  await dialog.getByLabel("Step 2 canary weight (%)").fill("100");
  await dialog.getByTestId("rollout-start").click();

  await expect(page).toHaveURL(new RegExp(`/projects/${project}/routers/scorer/rollouts/1$`));
  await expect(page.getByTestId("rollout-status")).toHaveText("waiting for approval", { timeout: 30_000 });
  await expect(page.getByTestId("rollout-weight")).toHaveText("canary 50 %");
  await expect(page.getByTestId("stage").first()).toHaveAttribute("data-state", "current");
  await expect(page.getByTestId("evaluation-row").first()).toContainText("pass");
  await shot(page, "rollout-waiting-for-approval");

  // The router's header shows the rollout while it waits.
  await page.goto(`/projects/${project}/routers/scorer`);
  await expect(page.getByTestId("rollout-in-progress")).toContainText("rollout 1 paused: step 1 of 2 · canary 50 %", { timeout: 30_000 });
  await page.getByTestId("rollout-in-progress").click();

  await page.getByRole("button", { name: "Approve and resume" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("completed", { timeout: 30_000 });
  await expect(page.getByTestId("rollout-weight")).toHaveText("canary 100 %");
  await expect(page.getByTestId("stage")).toHaveCount(2);
  for (const stage of await page.getByTestId("stage").all()) await expect(stage).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("gate-chart")).toHaveCount(4);
  await shot(page, "rollout-completed");

  const history = await versions(adminApi, project, "scorer");
  expect(history.map((v) => v.message)).toEqual(["rollout 1: step 2 of 2, canary 100 %", "rollout 1: step 1 of 2, canary 50 %", "first"]);
  expect(history[0]!.active).toBe(true);
  expect(history[2]!.number).toBe(start);
});

test("pause and abort from the rollout page: the start version comes back, and the project lists its rollouts", async ({ page, seed, adminApi }) => {
  const project = await seed.project();
  await createRouter(adminApi, project, {
    name: "ranker",
    routes: [
      { name: "stable", url: "http://127.0.0.1:9", timeoutMs: 1000 },
      { name: "canary", url: "http://127.0.0.1:9", timeoutMs: 1000 },
    ],
    defaultRule: { strategy: "sticky", split: [{ route: "stable", weight: 100 }], shadows: [] },
  });
  const start = await deploy(adminApi, project, "ranker", "first");
  await json(
    await adminApi.post(`${routerApi(project, "ranker")}/rollouts`, { data: { rule: "default", baseline: "stable", canary: "canary", steps: [{ weight: 10 }, { weight: 100 }], description: "new ranker" } }),
    "start rollout",
  );

  await page.goto(`/projects/${project}/routers/ranker?tab=rollouts`);
  await expect(page.getByTestId("rollout-in-progress")).toContainText("rollout 1 in progress: step 1 of 2 · canary 10 %");
  await expect(page.getByTestId("start-rollout")).toBeDisabled();
  await page.getByRole("link", { name: "Rollout 1", exact: true }).click();
  await expect(page.getByText("new ranker")).toBeVisible();
  await expect(page.getByTestId("rollout-where")).toContainText("0 of 2 passed evaluations");

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("paused");
  await page.getByRole("button", { name: "Abort" }).click();
  await page.getByTestId("rollout-confirm").click();
  await expect(page.getByTestId("rollout-status")).toHaveText("aborted");
  await expect(page.getByTestId("rollout-where")).toContainText("aborted by");
  await expect(page.getByTestId("stage").first()).toHaveAttribute("data-state", "aborted");
  await expect(page.getByRole("button", { name: "Abort" })).toHaveCount(0);

  const history = await versions(adminApi, project, "ranker");
  expect(history[0]!.message).toMatch(new RegExp(`^rollout 1 aborted \\(aborted by .*\\): back to version ${start}$`));

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rollouts", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project}/rollouts$`));
  const row = page.getByTestId("rollout-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("ranker");
  await expect(row).toContainText("aborted");
  await shot(page, "project-rollouts");
});

import { expect, test } from "./fixtures";
import { getConfig, json, routerApi, shot, url, versions } from "./router-helpers";

test("create a router and routes, simulate, deploy, edit, redeploy, diff and roll back", async ({ page, seed, adminApi }) => {
  test.setTimeout(120_000);
  const project = await seed.project({ displayName: "Lifecycle" });
  const router = "scorer";

  // The routers list starts empty; New router creates one with its first route.
  await page.goto(`/projects/${project}`);
  await expect(page.getByRole("heading", { name: "No routers yet" })).toBeVisible();
  await page.getByRole("button", { name: "New router" }).click();
  const create = page.getByRole("dialog", { name: "New router" });
  await create.getByLabel("Router name").fill("Not A Slug");
  await create.getByLabel("Route URL").fill(url(9001));
  await create.getByRole("button", { name: "Create router" }).click();
  await expect(create.getByText(/must be a slug/)).toBeVisible();
  await create.getByLabel("Router name").fill(router);
  await create.getByLabel("Route name").fill("stable");
  await create.getByRole("button", { name: "Create router" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project}/routers/${router}$`));
  await expect(page.getByRole("heading", { name: router, level: 1 })).toBeVisible();
  await expect(page.getByTestId("active-version")).toHaveText("not deployed");

  // Routes tab: add a second route through the form.
  await page.getByRole("tab", { name: "Routes" }).click();
  await expect(page.getByTestId("route-row-stable")).toContainText(url(9001));
  await page.getByRole("button", { name: "Add route" }).click();
  const addRoute = page.getByRole("dialog", { name: "Add a route" });
  await addRoute.getByLabel("Name").fill("canary");
  await addRoute.getByLabel("URL").fill("not a url");
  await addRoute.getByRole("button", { name: "Add route" }).click();
  await expect(addRoute.getByText(/absolute http\(s\) URL|http or https/)).toBeVisible();
  await addRoute.getByLabel("URL").fill(url(9002));
  await addRoute.getByRole("button", { name: "Add route" }).click();
  await expect(addRoute).toBeHidden();
  await expect(page.getByTestId("route-row-canary")).toContainText("unused");

  // Rules come from the rules editor's API: a beta rule to the canary, and a sticky 80/20 default.
  await json(
    await adminApi.post(`${routerApi(project, router)}/rules`, {
      data: {
        name: "beta-users",
        conditions: [{ source: "header", key: "x-tier", operator: "in", values: ["beta"] }],
        strategy: "random",
        split: [{ route: "canary", weight: 100 }],
        shadows: [],
      },
    }),
    "add rule",
  );
  await json(
    await adminApi.put(`${routerApi(project, router)}/default-rule`, {
      data: { strategy: "sticky", split: [{ route: "stable", weight: 80 }, { route: "canary", weight: 20 }], shadows: [] },
    }),
    "set default rule",
  );
  await page.reload();
  await expect(page.getByTestId("route-row-canary")).toContainText("beta-users");
  await shot(page, "router-routes");

  // Simulator: a beta request matches beta-users and goes to the canary; the trace shows why.
  await page.getByRole("tab", { name: "Simulator" }).click();
  await page.getByLabel("Header 1 name").fill("x-tier");
  await page.getByLabel("Header 1 value").fill("beta");
  await page.getByRole("button", { name: "Simulate", exact: true }).click();
  await expect(page.getByTestId("simulation-route")).toHaveText("canary");
  await expect(page.getByTestId("simulation-rule")).toHaveText("beta-users");
  const betaTrace = page.getByTestId("trace-rule-beta-users");
  await expect(betaTrace).toHaveAttribute("data-chosen", "true");
  await expect(betaTrace.getByTestId("trace-condition")).toHaveAttribute("data-passed", "true");
  await expect(betaTrace).toContainText("x-tier");
  await expect(page.getByTestId("trace-rule-default")).not.toHaveAttribute("data-chosen", "true");

  // Without the header, the sticky default rule decides by the key; 10 000 random keys land near 80/20.
  await page.getByLabel("Header 1 name").fill("x-shard-key");
  await page.getByLabel("Header 1 value").fill("user-42");
  await page.getByRole("button", { name: "Simulate", exact: true }).click();
  await expect(page.getByTestId("simulation-rule")).toHaveText("default");
  await expect(page.getByTestId("simulation-sticky")).toContainText("user-42");
  await expect(page.getByTestId("simulation-sticky")).toContainText(/slot \d+ of 10,000/);
  await expect(page.getByTestId("trace-condition").first()).toHaveAttribute("data-passed", "false");
  await page.getByRole("button", { name: "Sample 10 000 keys" }).click();
  const stable = page.getByTestId("distribution-row-stable");
  await expect(stable).toContainText("configured 80 %", { timeout: 30_000 });
  const share = Number((await stable.getByTestId("observed-share").textContent())!.replace(/[^\d.]/g, ""));
  expect(share).toBeGreaterThan(77);
  expect(share).toBeLessThan(83);
  await shot(page, "router-simulator");

  // Deploy: the dialog shows what is new and the findings; a message is required.
  await page.getByTestId("deploy-button").click();
  const deployDialog = page.getByRole("dialog", { name: `Deploy ${router}` });
  await expect(deployDialog.getByTestId("side-by-side-diff")).toBeVisible();
  await expect(deployDialog.getByTestId("diff-row-routes-canary")).toContainText("added");
  await expect(deployDialog.getByTestId("diff-row-rules-beta-users")).toBeVisible();
  await expect(deployDialog.getByTestId("deploy-confirm")).toBeDisabled();
  await deployDialog.getByLabel("Message").fill("First release: beta users on the canary");
  await shot(page, "router-deploy-dialog");
  await deployDialog.getByTestId("deploy-confirm").click();
  await expect(page.getByText("Deployed version 1")).toBeVisible();
  await expect(deployDialog).toBeHidden();
  await expect(page.getByTestId("active-version")).toHaveText("v1 active");
  await expect(page.getByTestId("undeployed-changes")).toHaveCount(0);

  // Edit: a setting and a route URL; the draft now differs from v1.
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByLabel("Allow pin").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved to the draft")).toBeVisible();
  await expect(page.getByTestId("undeployed-changes")).toBeVisible();
  await shot(page, "router-settings");
  await page.getByRole("tab", { name: "Routes" }).click();
  await page.getByRole("button", { name: "Edit route canary" }).click();
  const editRoute = page.getByRole("dialog", { name: "Edit route canary" });
  await editRoute.getByLabel("URL").fill(url(9003));
  await editRoute.getByLabel("Timeout (ms)").fill("1500");
  await editRoute.getByRole("button", { name: "Save route" }).click();
  await expect(editRoute).toBeHidden();
  await expect(page.getByTestId("route-row-canary")).toContainText(url(9003));

  await page.getByTestId("deploy-button").click();
  const second = page.getByRole("dialog", { name: `Deploy ${router}` });
  await expect(second.getByTestId("diff-row-settings-allow-pin")).toBeVisible();
  await expect(second.getByTestId("diff-row-routes-canary")).toContainText(url(9003));
  await second.getByLabel("Message").fill("Pinning on, canary moved");
  await second.getByTestId("deploy-confirm").click();
  await expect(page.getByText("Deployed version 2")).toBeVisible();
  await expect(page.getByTestId("active-version")).toHaveText("v2 active");

  // History: v1 against v2, side by side.
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByTestId("version-row-2")).toContainText("active");
  await expect(page.getByTestId("version-row-1")).toContainText("First release");
  await page.getByLabel("Compare version 1").check();
  await page.getByLabel("Compare version 2").check();
  const diff = page.getByTestId("side-by-side-diff");
  await expect(diff.getByRole("columnheader", { name: "From: v1" })).toBeVisible();
  await expect(diff.getByRole("columnheader", { name: "To: v2" })).toBeVisible();
  const pin = diff.getByTestId("diff-row-settings-allow-pin");
  await expect(pin.locator("td").nth(0)).toContainText("off");
  await expect(pin.locator("td").nth(1)).toContainText("on");
  const canary = diff.getByTestId("diff-row-routes-canary");
  await expect(canary.locator("td").nth(0)).toContainText(url(9002));
  await expect(canary.locator("td").nth(1)).toContainText(url(9003));
  await expect(canary.locator('[data-changed="true"]').first()).toBeVisible();
  await shot(page, "router-history");

  // Roll back to v1: it becomes v3 and the active one.
  await page.getByRole("button", { name: "Roll back to version 1" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Roll back to version 1?" });
  await expect(confirm).toContainText("It becomes version 3; sticky keys go back to where they were");
  await confirm.getByTestId("rollback-confirm").click();
  await expect(page.getByText("Rolled back to version 1: version 3 is active")).toBeVisible();
  await expect(page.getByTestId("version-row-3")).toContainText("active");
  await expect(page.getByTestId("version-row-3")).toContainText("Rollback to version 1");
  await expect(page.getByTestId("active-version")).toHaveText("v3 active");
  // The draft keeps the edits: it differs from what now runs.
  await expect(page.getByTestId("undeployed-changes")).toBeVisible();

  const listed = await versions(adminApi, project, router);
  expect(listed.map((v) => [v.number, v.active])).toEqual([
    [3, true],
    [2, false],
    [1, false],
  ]);
  const active = await json<{ document: { routes: { name: string; url: string }[]; settings: { allowPin: boolean } } }>(
    await adminApi.get(`${routerApi(project, router)}/versions/3`),
    "read v3",
  );
  expect(active.document.routes.find((r) => r.name === "canary")?.url).toBe(url(9002));
  expect(active.document.settings.allowPin).toBe(false);
  expect((await getConfig(adminApi, project, router)).settings.allowPin).toBe(true);

  // The Rules tab, and the project's routers list with the router's state.
  await page.getByRole("tab", { name: "Rules" }).click();
  await shot(page, "router-rules");
  await page.goto(`/projects/${project}`);
  const row = page.getByTestId(`router-row-${router}`);
  await expect(row).toContainText("v3");
  await expect(row).toContainText("undeployed changes");
  await expect(row.getByTestId("findings-count")).toBeVisible();
  await shot(page, "routers-list");
});

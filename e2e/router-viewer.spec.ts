import { expect, test } from "./fixtures";
import { createRouter, deploy, json, routerApi, shot, url } from "./router-helpers";

test("a viewer sees the router but no edit controls, and can still simulate", async ({ seed, adminApi, pageAs }) => {
  const project = await seed.project({ displayName: "Look only" });
  const router = "watched";
  await createRouter(adminApi, project, {
    name: router,
    routes: [
      { name: "old", url: url(9401), timeoutMs: 2000 },
      { name: "new", url: url(9402), timeoutMs: 2000 },
    ],
    defaultRule: { strategy: "random", split: [{ route: "old", weight: 90 }, { route: "new", weight: 10 }], shadows: [] },
  });
  await deploy(adminApi, project, router, "Canary at 10 %");
  // A second version needs a changed draft: deploying the same one again is refused (409).
  await json(
    await adminApi.put(`${routerApi(project, router)}/default-rule`, { data: { strategy: "random", split: [{ route: "old", weight: 80 }, { route: "new", weight: 20 }], shadows: [] } }),
    "edit the default rule",
  );
  await deploy(adminApi, project, router, "Canary at 20 %");
  const viewer = await seed.user();
  await seed.member(project, viewer.email, "viewer");

  const page = await pageAs(viewer);
  await page.goto(`/projects/${project}`);
  await expect(page.getByTestId(`router-row-${router}`)).toContainText("v2");
  await expect(page.getByRole("button", { name: "New router" })).toHaveCount(0);

  await page.getByRole("link", { name: router }).click();
  await expect(page.getByRole("heading", { name: router, level: 1 })).toBeVisible();
  await expect(page.getByTestId("active-version")).toHaveText("v2 active");
  await expect(page.getByTestId("deploy-button")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Deploy" })).toHaveCount(0);

  await page.getByRole("tab", { name: "Routes" }).click();
  await expect(page.getByTestId("route-row-new")).toBeVisible();
  for (const name of [/add route/i, /^edit/i, /^delete/i, /undeploy/i]) await expect(page.getByRole("button", { name })).toHaveCount(0);

  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByTestId("version-row-1")).toBeVisible();
  await expect(page.getByRole("button", { name: /roll back/i })).toHaveCount(0);

  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page.getByTestId("router-settings")).toBeVisible();
  await expect(page.getByTestId("settings-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /save/i })).toHaveCount(0);

  await page.getByRole("tab", { name: "Rules" }).click();
  await expect(page.getByRole("button", { name: /add rule|new rule|edit|delete/i })).toHaveCount(0);

  // Simulating changes nothing, so viewers may: it runs in the browser with the same engine.
  await page.getByRole("tab", { name: "Simulator" }).click();
  await page.getByLabel("Header 1 value").fill("someone");
  await page.getByRole("button", { name: "Simulate", exact: true }).click();
  await expect(page.getByTestId("simulation-rule")).toHaveText("default");
  await expect(page.getByTestId("simulation-route")).toHaveText(/^(old|new)$/);
  await shot(page, "router-viewer");
});

import { expect, test, unique } from "./fixtures";
import { createRouter, deploy, getConfig, json, routerApi, shot, url } from "./router-helpers";
import { header, openRules, routerWith, rule } from "./rules-support";

/**
 * Life cycle in the console: creating and deleting projects and routers (confirmed by
 * typing the name), discarding the draft with a preview, the audit log's before/after and
 * router filter, and an overlap's example request opened in the simulator.
 */

const twoRoutes = (name: string) => ({
  name,
  routes: [
    { name: "stable", url: url(9001) },
    { name: "canary", url: url(9002) },
  ],
  rules: [rule("beta", [header("x-beta", ["1"])], { split: [{ route: "canary", weight: 100 }] })],
  defaultRule: { strategy: "random" as const, split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [] },
});

test.describe("projects and routers", () => {
  test("an administrator creates a project, then deletes it by typing its name; its audit log stays", async ({ page, adminApi }) => {
    const name = unique("made");
    await page.goto("/");
    await page.getByRole("button", { name: "New project" }).click();
    const dialog = page.getByTestId("new-project-dialog");
    await dialog.getByLabel("Project name").fill("Not A Slug");
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(dialog.getByText(/lowercase|slug|must/i).first()).toBeVisible();
    await dialog.getByLabel("Project name").fill(name);
    await dialog.getByLabel("Display name (optional)").fill("Made in the console");
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${name}$`));
    await expect(page.getByRole("heading", { name: "Made in the console" })).toBeVisible();

    await page.goto(`/projects/${name}/settings`);
    await page.getByRole("button", { name: "Delete project" }).click();
    const confirm = page.getByTestId("delete-project-dialog");
    await expect(confirm).toContainText("0 routers");
    await expect(confirm).toContainText("Kept:");
    const button = confirm.getByRole("button", { name: "Delete project" });
    await expect(button).toBeDisabled();
    await confirm.getByLabel(/to confirm/).fill(name.slice(0, -1));
    await expect(button).toBeDisabled();
    await confirm.getByLabel(/to confirm/).fill(name);
    await shot(page, "delete-project-dialog");
    await button.click();
    await expect(page).toHaveURL(/\/$/);
    expect((await adminApi.get(`/api/v1/projects/${name}`)).status()).toBe(404);
    const events = await json<{ items: { action: string; projectDeleted: boolean }[] }>(await adminApi.get(`/api/v1/events?project=${name}`), "events");
    expect(events.items.map((e) => e.action)).toEqual(["project.delete", "project.create"]);
    expect(events.items.every((e) => e.projectDeleted)).toBe(true);
  });

  test("an editor deletes a router from its Settings tab, told what goes and what stays", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("gone");
    await createRouter(adminApi, project, twoRoutes(router));
    await deploy(adminApi, project, router, "v1");
    await page.goto(`/projects/${project}/routers/${router}?tab=settings`);
    await page.getByRole("button", { name: "Delete router" }).click();
    const confirm = page.getByTestId("delete-router-dialog");
    await expect(confirm).toContainText("1 deployed version, including version 1");
    await expect(confirm).toContainText("audit event");
    await confirm.getByLabel(/to confirm/).fill(router);
    await confirm.getByRole("button", { name: "Delete router" }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${project}$`));
    await expect(page.getByRole("link", { name: router })).toHaveCount(0);
    expect((await adminApi.get(routerApi(project, router))).status()).toBe(404);

    await page.goto(`/projects/${project}/audit?router=${router}`);
    await expect(page.getByTestId("audit-row").first()).toContainText("router.delete");
  });
});

test("discarding the draft shows what goes and makes the draft the active version again", async ({ page, seed, adminApi }) => {
  const project = await seed.project();
  const router = unique("draft");
  await createRouter(adminApi, project, twoRoutes(router));
  await deploy(adminApi, project, router, "v1");
  await json(await adminApi.post(`${routerApi(project, router)}/routes`, { data: { name: "next", url: url(9003) } }), "add route");

  await page.goto(`/projects/${project}/routers/${router}`);
  await expect(page.getByTestId("undeployed-changes")).toBeVisible();
  await page.getByTestId("discard-draft").click();
  const dialog = page.getByTestId("discard-draft-dialog");
  await expect(dialog.getByTestId("diff-row-routes-next")).toContainText("removed");
  await shot(page, "discard-draft-dialog");
  await dialog.getByRole("button", { name: "Discard changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("undeployed-changes")).toHaveCount(0);
  expect((await getConfig(adminApi, project, router)).routes.map((r) => r.name)).toEqual(["stable", "canary"]);

  // Any version, from History: the dialog previews, nothing is written until confirmed.
  await json(await adminApi.put(`${routerApi(project, router)}/default-rule`, { data: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] } }), "edit");
  await deploy(adminApi, project, router, "v2");
  await page.goto(`/projects/${project}/routers/${router}?tab=history`);
  await page.getByRole("button", { name: "Reset the draft to version 1" }).click();
  await expect(page.getByTestId("discard-draft-dialog").getByTestId("side-by-side-diff")).toContainText("90");
  await page.getByTestId("discard-draft-confirm").click();
  await expect(page.getByTestId("undeployed-changes")).toBeVisible();
  expect((await getConfig(adminApi, project, router)).defaultRule.split.map((s) => s.weight)).toEqual([90, 10]);
});

test("the audit log shows each change as before/after and filters by router", async ({ page, seed, adminApi }) => {
  const project = await seed.project();
  const router = unique("aud");
  const other = unique("aud");
  await createRouter(adminApi, project, twoRoutes(router));
  await createRouter(adminApi, project, twoRoutes(other));
  await json(
    await adminApi.put(`${routerApi(project, router)}/rules/beta`, { data: rule("beta", [header("x-beta", ["1"])], { split: [{ route: "stable", weight: 100 }] }) }),
    "edit rule",
  );
  await page.goto(`/projects/${project}/audit`);
  await page.getByLabel("Router").fill(router);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`router=${router}`));
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("rule.update");
  await expect(page.getByText(other)).toHaveCount(0);
  const change = rows.first().getByTestId("audit-change");
  await change.getByText(/fields? changed/).click();
  const line = change.getByTestId("audit-change-line").filter({ hasText: "split.0.route" });
  await expect(line).toContainText('"canary"');
  await expect(line).toContainText('"stable"');
  await shot(page, "audit-diff");
});

test("an overlap's example request opens in the simulator with every field filled; a pasted request fills them too", async ({ page, seed, adminApi }) => {
  const project = await seed.project();
  const router = unique("wit");
  await routerWith(adminApi, project, router, [
    rule("by-country", [header("x-country", ["fr"])]),
    rule("by-tier", [{ source: "payload", key: "user.tier", operator: "in", values: ["gold"] }], { split: [{ route: "canary", weight: 100 }] }),
  ]);
  await openRules(page, project, router);
  await page.getByTestId("overlap-badge-by-tier-by-country").click();
  const witness = page.getByTestId("witness-dialog");
  await witness.getByRole("button", { name: "Open in simulator" }).click();
  await expect(page.getByRole("tab", { name: "Simulator" })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/tab=simulator/);
  await expect(page.getByLabel("Header 1 name")).toHaveValue("x-country");
  await expect(page.getByLabel("Header 1 value")).toHaveValue("fr");
  await expect(page.getByLabel("JSON payload")).toHaveValue(/"tier": "gold"/);
  await page.getByRole("button", { name: "Simulate", exact: true }).click();
  await expect(page.getByTestId("simulation-rule")).toHaveText("by-country");

  await page.getByText("Paste a whole request (JSON)").click();
  const paste = page.getByLabel(/The format/);
  await paste.fill('{"header": {}}');
  await page.getByRole("button", { name: "Fill in the fields" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "unknown field “header”" })).toBeVisible();
  await paste.fill(JSON.stringify({ method: "GET", path: "/v1/score", query: { tier: ["a", "b"] }, body: { user: { tier: "gold" } } }));
  await page.getByRole("button", { name: "Fill in the fields" }).click();
  await expect(page.getByLabel("Method", { exact: true })).toHaveValue("GET");
  await expect(page.getByLabel("Path", { exact: true })).toHaveValue("/v1/score");
  await expect(page.getByLabel("Query parameter 2 value")).toHaveValue("b");
  await expect(page.getByLabel("Header 1 name")).toHaveCount(0);
  await page.getByRole("button", { name: "Simulate", exact: true }).click();
  await expect(page.getByTestId("simulation-rule")).toHaveText("by-tier");
});

import { expect, screens, test } from "./fixtures";

test("an administrator reads a deleted project's history and user changes in the audit log of all projects", async ({ page, seed, adminApi }) => {
  test.slow();
  const project = await seed.project();
  const member = await seed.user();
  await seed.member(project, member.email, "viewer");
  const token = await seed.token(project);
  const router = { name: "edge", routes: [{ name: "stable", url: "http://127.0.0.1:9001" }] };
  expect((await adminApi.post(`/api/v1/projects/${project}/routers`, { data: router })).status()).toBe(201);
  expect((await adminApi.post(`/api/v1/projects/${project}/routers/edge/routes`, { data: { name: "canary", url: "http://127.0.0.1:9002" } })).status()).toBe(201);
  expect((await adminApi.delete(`/api/v1/projects/${project}`)).status()).toBe(204);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  await page.getByLabel("Project", { exact: true }).fill(project);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/\/audit\?project=/);
  const rows = page.getByTestId("audit-row");
  const actions = ["project.delete", "route.create", "router.create", "token.create", "member.add", "project.create"];
  await expect(rows).toHaveCount(actions.length);
  for (const [i, action] of actions.entries()) {
    await expect(rows.nth(i)).toContainText(action);
    await expect(rows.nth(i)).toContainText(project);
    await expect(rows.nth(i)).toContainText("deleted");
  }
  await expect(rows.nth(0)).toContainText("admin@turnout.local");
  await expect(rows.nth(1)).toContainText("route canary in router edge");
  await expect(rows.nth(3)).toContainText(token.name);
  await page.screenshot({ path: screens("global-audit"), fullPage: true });

  // A router's name finds the changes made inside it; user changes are there too, outside any project.
  await page.getByLabel("Target", { exact: true }).fill("edge");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/target=edge/);
  await expect(rows).toHaveCount(2);
  await page.getByRole("link", { name: "Clear" }).click();
  await page.waitForURL(/\/audit$/);
  await expect(page.getByLabel("Project", { exact: true })).toHaveValue("");
  await page.getByLabel("Target", { exact: true }).fill(member.email);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.waitForURL(/target=/);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("member.add");
  await expect(rows.nth(1)).toContainText("user.create");
  await expect(rows.nth(1)).toContainText("—");
});

test("the audit log of all projects is closed to users who are not administrators", async ({ seed, pageAs }) => {
  const project = await seed.project();
  const user = await seed.user();
  await seed.member(project, user.email, "owner");
  const page = await pageAs(user);
  await page.goto("/");
  await expect(page.getByTestId("signed-in-user")).toContainText(user.email);
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
  expect((await page.goto("/audit"))?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByTestId("audit-row")).toHaveCount(0);
  // Their own project's log stays theirs to read.
  expect((await page.goto(`/projects/${project}/audit`))?.status()).toBe(200);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
});

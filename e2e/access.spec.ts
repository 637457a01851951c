import { expect, test } from "./fixtures";

test("a user sees only the projects they are a member of", async ({ seed, pageAs }) => {
  const user = await seed.user();
  const mine = await seed.project({ displayName: "Checkout models" });
  const other = await seed.project({ displayName: "Someone else's" });
  await seed.member(mine, user.email, "editor");

  const page = await pageAs(user);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expect(page.getByTestId(`project-card-${mine}`)).toBeVisible();
  await expect(page.getByTestId("project-card-demo")).toHaveCount(0);
  await expect(page.getByTestId(`project-card-${other}`)).toHaveCount(0);
  // Not an administrator: no Users link.
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);

  // Projects they are not in answer the 403 page, in the project's own pages too.
  for (const path of ["/projects/demo", "/projects/demo/settings", "/projects/demo/audit", `/projects/${other}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  }
  // The administration pages too.
  expect((await page.goto("/admin/users"))?.status()).toBe(403);
  // Their own project opens, without owner-only navigation.
  expect((await page.goto(`/projects/${mine}`))?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Checkout models" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tokens" })).toHaveCount(0);
});

test("a user with no project is told how to get one", async ({ seed, pageAs }) => {
  const page = await pageAs(await seed.user());
  await page.goto("/");
  await expect(page.getByTestId("no-projects")).toContainText(/not a member of any project/i);
});

test("the administrator sees every project and the Users link", async ({ page, seed }) => {
  const project = await seed.project();
  await page.goto("/");
  await expect(page.getByTestId("project-card-demo")).toBeVisible();
  await expect(page.getByTestId(`project-card-${project}`)).toBeVisible();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
});

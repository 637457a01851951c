import { expect, test, screens } from "./fixtures";

test("an owner creates a token, sees the secret once, and revokes it", async ({ page, context, seed, playwright, baseURL }) => {
  const project = await seed.project({ displayName: "Token tests" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);

  await page.goto(`/projects/${project}`);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tokens" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project}/tokens$`));
  await expect(page.getByRole("heading", { name: "No tokens yet" })).toBeVisible();

  // Create: name, write scope, an expiry.
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("ci-deploy");
  await dialog.getByRole("radio", { name: /write/i }).check();
  await dialog.getByLabel("Expires").selectOption("30");
  await dialog.getByRole("button", { name: "Create token" }).click();

  // The secret, once, with a warning and a copy button.
  const secretField = dialog.getByTestId("token-secret");
  await expect(secretField).toHaveValue(/^trn_/);
  const secret = await secretField.inputValue();
  await expect(dialog.getByRole("alert")).toContainText(/shown only this once/i);
  await dialog.getByRole("button", { name: "Copy token" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.screenshot({ path: screens("token-created") });

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  // Gone for good: the list shows only the prefix.
  const row = page.getByTestId("token-row-ci-deploy");
  await expect(row).toBeVisible();
  await expect(row.getByTestId("token-prefix")).toHaveText(`${secret.slice(0, 10)}…`);
  await expect(row).toContainText("write");
  await expect(row).toContainText("Active");
  await expect(page.getByText(secret)).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  await expect(page.getByTestId("token-row-ci-deploy")).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await page.screenshot({ path: screens("tokens"), fullPage: true });

  // The token works against the API, for this project only.
  const bearer = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  try {
    expect((await bearer.get(`/api/v1/projects/${project}`)).status()).toBe(200);
    expect((await bearer.get("/api/v1/projects/demo")).status()).toBe(403);

    // Revoke, after confirming.
    await page.getByTestId("token-row-ci-deploy").getByRole("button", { name: "Revoke ci-deploy" }).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText("Revoke token ci-deploy?");
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await expect(page.getByTestId("token-row-ci-deploy")).toContainText("Revoked");
    await expect(page.getByTestId("token-row-ci-deploy").getByRole("button", { name: /revoke/i })).toHaveCount(0);

    const refused = await bearer.get(`/api/v1/projects/${project}`);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).detail).toMatch(/revoked/);
  } finally {
    await bearer.dispose();
  }

  // The audit log recorded both, and its filters find them.
  await page.goto(`/projects/${project}/audit`);
  await page.getByLabel("Target").fill("ci-deploy");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/target=ci-deploy/);
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  // Newest first.
  await expect(rows.nth(0)).toContainText("token.revoke");
  await expect(rows.nth(1)).toContainText("token.create");

  // The revoked token gave its name back; it stays listed as revoked beside the new one.
  await page.goto(`/projects/${project}/tokens`);
  await page.getByRole("button", { name: "Create token" }).click();
  const again = page.getByRole("dialog");
  await again.getByLabel("Name").fill("ci-deploy");
  await again.getByRole("button", { name: "Create token" }).click();
  await expect(again.getByTestId("token-secret")).toHaveValue(/^trn_/);
  await again.getByRole("button", { name: "Done" }).click();
  const named = page.getByTestId("token-row-ci-deploy");
  await expect(named).toHaveCount(2);
  await expect(named.filter({ hasText: "Active" })).toHaveCount(1);
  await expect(named.filter({ hasText: "Revoked" })).toHaveCount(1);
});

test("the token form explains what is wrong inline", async ({ page, seed }) => {
  const project = await seed.project();
  await seed.token(project);
  const existing = (await (await page.request.get(`/api/v1/projects/${project}/tokens`)).json()) as { items: { name: string }[] };
  const taken = existing.items[0]!.name;

  await page.goto(`/projects/${project}/tokens`);
  const cases = [
    { name: "Bad Name!", expiry: "never", error: /lowercase letters, digits and dashes/i },
    { name: taken, expiry: "never", error: /already has a live token named/i },
    { name: "in-the-past", expiry: "date", date: "2001-01-01", error: /a day in the future/i },
  ];
  for (const c of cases) {
    await page.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(c.name);
    await dialog.getByLabel("Expires").selectOption(c.expiry);
    if (c.date) await dialog.getByLabel("Expiry date").fill(c.date);
    await dialog.getByRole("button", { name: "Create token" }).click();
    await expect(dialog.getByText(c.error)).toBeVisible();
    await expect(dialog.getByTestId("token-secret")).toHaveCount(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  }
});

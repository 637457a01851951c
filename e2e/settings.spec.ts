import { expect, test, screens } from "./fixtures";

test("an owner edits the project's details, and a stale edit is refused with a clear message", async ({ page, seed, adminApi }) => {
  const project = await seed.project({ displayName: "Before", description: "First text" });
  await page.goto(`/projects/${project}/settings`);
  const form = page.getByTestId("project-details-form");
  await expect(form.getByLabel("Display name")).toHaveValue("Before");

  await form.getByLabel("Display name").fill("After");
  await form.getByLabel("Description").fill("Second text");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Project details saved")).toBeVisible();
  await expect(form.getByRole("button", { name: "Save changes" })).toBeDisabled();
  // The server-rendered header follows.
  await expect(page.getByText("After", { exact: true }).first()).toBeVisible();

  // Someone else saves in the meantime (through the API, with the current revision).
  const current = await adminApi.get(`/api/v1/projects/${project}`);
  const etag = current.headers()["etag"]!;
  const theirs = await adminApi.patch(`/api/v1/projects/${project}`, { data: { displayName: "Theirs" }, headers: { "if-match": etag } });
  expect(theirs.status()).toBe(200);

  // Our form still holds the old revision: saving is refused and nothing is overwritten.
  await form.getByLabel("Display name").fill("Mine");
  await form.getByRole("button", { name: "Save changes" }).click();
  const conflict = page.getByTestId("project-conflict");
  await expect(conflict).toContainText(/someone else changed this project/i);
  const after = await (await adminApi.get(`/api/v1/projects/${project}`)).json();
  expect(after.displayName).toBe("Theirs");

  // Reload shows their version; saving again then works.
  await conflict.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByTestId("project-conflict")).toHaveCount(0);
  await expect(form.getByLabel("Display name")).toHaveValue("Theirs");
  await form.getByLabel("Display name").fill("Mine after all");
  await form.getByRole("button", { name: "Save changes" }).click();
  // Saved: the form is clean again, on the new revision.
  await expect(form.getByRole("button", { name: "Save changes" })).toBeDisabled();
  await expect(page.getByTestId("project-conflict")).toHaveCount(0);
  await expect.poll(async () => (await (await adminApi.get(`/api/v1/projects/${project}`)).json()).displayName).toBe("Mine after all");
});

test("an owner adds a member, changes their role and removes them", async ({ page, seed }) => {
  const project = await seed.project();
  const colleague = await seed.user();
  await page.goto(`/projects/${project}/settings`);
  const members = page.getByTestId("members-card");

  // Table-driven failures first: each shows its reason next to the form.
  const failures = [
    { email: "no-such-person@e2e.test", message: /no user has the email/i },
  ];
  for (const f of failures) {
    await members.getByLabel("Email").fill(f.email);
    await members.getByRole("button", { name: "Add member" }).click();
    await expect(members.getByRole("alert")).toContainText(f.message);
  }

  await members.getByLabel("Email").fill(colleague.email);
  await members.getByLabel("Role", { exact: true }).selectOption("editor");
  await members.getByRole("button", { name: "Add member" }).click();
  const row = members.getByTestId(`member-row-${colleague.email}`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("combobox", { name: `Role of ${colleague.email}` })).toHaveValue("editor");

  // Adding them again says they are already a member.
  await members.getByLabel("Email").fill(colleague.email);
  await members.getByRole("button", { name: "Add member" }).click();
  await expect(members.getByRole("alert")).toContainText(/already a member/i);

  await row.getByRole("combobox", { name: `Role of ${colleague.email}` }).selectOption("owner");
  await expect(page.getByText(`${colleague.email} is now owner`)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId(`member-row-${colleague.email}`).getByRole("combobox")).toHaveValue("owner");
  await page.screenshot({ path: screens("settings") });

  await page.getByTestId(`member-row-${colleague.email}`).getByRole("button", { name: `Remove ${colleague.email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByTestId(`member-row-${colleague.email}`)).toHaveCount(0);
});

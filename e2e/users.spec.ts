import { expect, test, unique, screens } from "./fixtures";

test("an administrator creates a user, changes their role and deletes them", async ({ page, pageAs }) => {
  const email = `${unique("new")}@e2e.test`;
  const password = "a-long-enough-password";
  await page.goto("/admin/users");

  // Inline errors before anything is sent.
  await page.getByRole("button", { name: "Create user" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Initial password").fill("short");
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText("Enter an email address.")).toBeVisible();
  await expect(dialog.getByText("At least 8 characters.")).toBeVisible();

  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Name").fill("New Person");
  await dialog.getByLabel("Initial password").fill(password);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("New Person");
  await expect(row.getByRole("combobox", { name: `Role of ${email}` })).toHaveValue("user");

  // The same email again is refused inline.
  await page.getByRole("button", { name: "Create user" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Initial password").fill(password);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog.getByText("A user with this email already exists.")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // The new user can sign in.
  const theirs = await pageAs({ email, password });
  await theirs.goto("/");
  await expect(theirs.getByTestId("signed-in-user")).toContainText(email);

  await page.screenshot({ path: screens("users"), fullPage: true });
  await row.getByRole("combobox", { name: `Role of ${email}` }).selectOption("admin");
  await expect(page.getByText(`${email} is now an administrator`)).toBeVisible();

  await row.getByRole("button", { name: `Delete ${email}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete user" }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
  // Their session ended with them.
  await theirs.reload();
  await expect(theirs).toHaveURL(/\/login/);
});

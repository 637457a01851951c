import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, test } from "./fixtures";
import { createRouter, getConfig, url } from "./router-helpers";

test("two people edit the settings: the second save is refused with a Reload, nothing is overwritten", async ({ seed, adminApi, pageAs }) => {
  const project = await seed.project();
  const router = "contended";
  await createRouter(adminApi, project, { name: router, description: "Original", routes: [{ name: "main", url: url(9301), timeoutMs: 2000 }] });
  const editor = await seed.user();
  await seed.member(project, editor.email, "editor");

  const a = await pageAs({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const b = await pageAs(editor);
  for (const page of [a, b]) {
    await page.goto(`/projects/${project}/routers/${router}?tab=settings`);
    await expect(page.getByLabel("Description")).toHaveValue("Original");
  }

  // B starts editing from revision r; A saves first.
  await b.getByLabel("Description").fill("B's description");
  await a.getByLabel("Description").fill("A's description");
  await a.getByRole("button", { name: "Save settings" }).click();
  await expect(a.getByText("Settings saved to the draft")).toBeVisible();

  // B saves: refused (412), told why, offered a reload.
  await b.getByRole("button", { name: "Save settings" }).click();
  const notice = b.getByTestId("conflict-notice");
  await expect(notice).toContainText("Someone else changed this router");
  expect((await getConfig(adminApi, project, router)).description).toBe("A's description");

  await notice.getByRole("button", { name: "Reload" }).click();
  await expect(b.getByTestId("conflict-notice")).toHaveCount(0);
  await expect(b.getByLabel("Description")).toHaveValue("A's description");
  await expect(b.getByText("A's description").first()).toBeVisible();

  // Now B's change is made knowingly on top of A's.
  await b.getByLabel("Description").fill("B's description");
  await b.getByRole("button", { name: "Save settings" }).click();
  await expect(b.getByText("Settings saved to the draft")).toBeVisible();
  expect((await getConfig(adminApi, project, router)).description).toBe("B's description");
});
